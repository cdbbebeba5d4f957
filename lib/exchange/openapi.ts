import type { z } from "zod";
import { openApiSchema } from "../openapi/json-schema";
import {
  AccountState,
  BatchRequest,
  BatchResponse,
  CONTRACT_VERSION,
  ErrorResponse,
  HoldRequest,
  ItemResult,
  MAX_BATCH_ITEMS,
  MAX_BODY_BYTES,
  SIGNATURE_TOLERANCE_SECONDS,
  WebhookAnswer,
  WebhookDelivery,
} from "./contract";

// The provider contract as an OpenAPI 3.1 document, built from the very zod
// schemas the client, the webhook receiver and the reference exchange use.
// `npm run docs:provider-api` writes docs/provider-api.openapi.json; a unit
// test fails when that file differs from what this builds.

const schema = (type: z.ZodType) => openApiSchema(type, "input");

const json = (ref: string) => ({ "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } });
const error = (description: string) => ({ description, content: json("Error") });
const signed = [{ signature: [] as string[] }];
const idempotencyKey = {
  name: "Idempotency-Key",
  in: "header",
  required: true,
  description:
    "The work item's key. A repeated key is answered with the first result; the effect is never applied twice.",
  schema: { type: "string", minLength: 8, maxLength: 200 },
};
const accountId = {
  name: "accountId",
  in: "path",
  required: true,
  schema: { type: "string", minLength: 1, maxLength: 128, pattern: "^[A-Za-z0-9._:@-]+$" },
};
const tooLarge = error(`payload_too_large: the body is over ${MAX_BODY_BYTES} bytes (2 MB). Final: the caller splits, never resends it unchanged.`);
const transient = {
  "401": error("Unsigned, wrongly signed, outside the time window, or replayed. Final: Breachdesk pauses and says so."),
  "429": {
    description: "Too many requests. Retried after Retry-After (seconds or an HTTP date).",
    headers: { "Retry-After": { schema: { type: "string" } } },
    content: json("Error"),
  },
  "5XX": error("Temporarily failing. Retried with the same keys (as are timeouts and dropped connections)."),
};

function single(operationId: string, summary: string, withHoldBody = false) {
  return {
    post: {
      operationId,
      summary,
      description: MANUAL_USE,
      security: signed,
      parameters: [accountId, idempotencyKey],
      requestBody: { required: false, content: json(withHoldBody ? "HoldRequest" : "EmptyRequest") },
      responses: {
        "200": { description: "Applied (or, for a repeated key, the first result).", content: json("AppliedItem") },
        "400": error("invalid_request: missing or malformed Idempotency-Key, an invalid account id or body. Final."),
        "404": error("unknown_account: final."),
        "409": error("account_closed: final."),
        "413": tooLarge,
        "422": error("idempotency_key_reused: the key was used for a different item. Final."),
        ...transient,
      },
    },
  };
}

const MANUAL_USE =
  "Breachdesk's own traffic is batch calls only (POST /v1/batch). The single-account operations and the state read " +
  "serve the conformance check (npx breachdesk provider check) and manual use; they apply the same rules as a batch item.";

export function buildProviderOpenApi(): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    info: {
      title: "Breachdesk provider contract",
      version: CONTRACT_VERSION,
      description:
        "What an exchange implements so that Breachdesk can force password resets and hold withdrawals on its accounts, " +
        "and the webhook it calls back. Prose, signing details and examples: docs/provider-api.md.\n\n" +
        MANUAL_USE,
      // Breachdesk is not published under an open licence (package.json: private); an SPDX reference says so.
      license: { name: "Proprietary", identifier: "LicenseRef-Breachdesk-Proprietary" },
    },
    servers: [
      {
        url: "https://exchange.example/breachdesk",
        description: "The exchange's production base URL (BREACHDESK_EXCHANGE_URL); point a staging deployment at its staging URL.",
        // Internal: only the operator's Breachdesk calls it, never the public.
        "x-internal": true,
      },
    ],
    components: {
      securitySchemes: {
        signature: {
          type: "apiKey",
          in: "header",
          name: "X-Breachdesk-Signature",
          description:
            `HMAC-SHA256 with the shared secret over "<X-Breachdesk-Timestamp>\\n<X-Breachdesk-Nonce>\\n<METHOD>\\n<path with query>\\n<raw body>", ` +
            `hex, as "v1=<hex>" (one per active secret, comma-separated). Refuse timestamps more than ${SIGNATURE_TOLERANCE_SECONDS} s ` +
            "from your clock and nonces seen before.",
        },
      },
      schemas: {
        BatchRequest: schema(BatchRequest),
        BatchResponse: schema(BatchResponse),
        AppliedItem: schema(ItemResult.options[0]),
        HoldRequest: schema(HoldRequest),
        EmptyRequest: { type: "object", additionalProperties: false },
        AccountState: schema(AccountState),
        Error: schema(ErrorResponse),
        WebhookDelivery: schema(WebhookDelivery),
        WebhookAnswer: schema(WebhookAnswer),
      },
    },
    paths: {
      "/v1/batch": {
        post: {
          operationId: "applyBatch",
          summary: `Apply up to ${MAX_BATCH_ITEMS} items; one result per item, so one failed item never fails the others.`,
          security: signed,
          requestBody: { required: true, content: json("BatchRequest") },
          responses: {
            "200": {
              description: "A result per item (applied, or failed with a code and whether it may be retried).",
              content: json("BatchResponse"),
            },
            "400": error(
              `invalid_request: the call as a whole is invalid (not JSON, no items, over ${MAX_BATCH_ITEMS} items, a malformed item); the message names the field. Final for every item.`,
            ),
            "413": tooLarge,
            ...transient,
          },
        },
      },
      "/v1/accounts/{accountId}/password-reset": single(
        "forcePasswordReset",
        "Force a password reset: the customer must set a new password; sessions and API keys revoked.",
      ),
      "/v1/accounts/{accountId}/withdrawal-hold": single("holdWithdrawals", "Hold withdrawals until holdUntil (or until released).", true),
      "/v1/accounts/{accountId}/withdrawal-hold/release": single("releaseWithdrawalHold", "Release the withdrawal hold."),
      "/v1/accounts/{accountId}": {
        get: {
          operationId: "getAccountState",
          summary: "Read the account's remediation state.",
          description: MANUAL_USE,
          security: signed,
          parameters: [accountId],
          responses: {
            "200": { description: "The state.", content: json("AccountState") },
            "400": error("invalid_request: the account id is malformed. Final."),
            "404": error("unknown_account."),
            ...transient,
          },
        },
      },
    },
    webhooks: {
      exchangeEvents: {
        post: {
          operationId: "receiveExchangeEvents",
          summary:
            "Breachdesk's POST /api/v1/webhooks/exchange: completed resets, holds released or ended on the exchange's side, security events. " +
            "Signed the same way; deduplicated by event id; order does not matter.",
          security: signed,
          requestBody: { required: true, content: json("WebhookDelivery") },
          responses: {
            "200": {
              description: "Recorded (redelivered events are counted as duplicates).",
              content: json("WebhookAnswer"),
            },
            "400": error("invalid_request: the message names the field. Do not retry unchanged."),
            "401": error("Signature refused, out of the time window, or replayed."),
            "5XX": error("Retry later with a new signature."),
          },
        },
      },
    },
  };
}

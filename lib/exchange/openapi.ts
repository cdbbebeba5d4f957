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
// All three headers together sign a request (one requirement object: all of them).
const signed = [{ signature: [] as string[], signatureTimestamp: [] as string[], signatureNonce: [] as string[] }];
const idempotencyKey = {
  name: "Idempotency-Key",
  in: "header",
  required: true,
  description:
    "The work item's key. A repeated key is answered with the first final result (applied, or failed with retryable false) " +
    "and the header Idempotent-Replayed: true; the effect is never applied twice. A retryable failure (503 " +
    "temporarily_unavailable) is not recorded under the key: the next attempt with it tries again.",
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
  "401": error(
    "Unsigned, wrongly signed, outside the time window, or replayed. Codes: missing_signature, malformed_signature, " +
      "bad_signature, timestamp_out_of_window, replayed. Final: Breachdesk pauses and says so.",
  ),
  "429": {
    description: "rate_limited: too many requests. Retried after Retry-After (seconds or an HTTP date).",
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
            `hex, as "v1=<hex>" (one per active secret, comma-separated; spaces after a comma are ignored). Breachdesk sends ` +
            "lower-case hex and accepts either case. Accept a request if any v1 value matches any of your active secrets. " +
            `Refuse timestamps more than ${SIGNATURE_TOLERANCE_SECONDS} s from your clock and nonces seen before.`,
        },
        signatureTimestamp: {
          type: "apiKey",
          in: "header",
          name: "X-Breachdesk-Timestamp",
          description: "Unix time in seconds (digits only) when the request was signed; part of the signed payload.",
        },
        signatureNonce: {
          type: "apiKey",
          in: "header",
          name: "X-Breachdesk-Nonce",
          description:
            "16 to 128 characters of [A-Za-z0-9_-], new for every request (a retry is signed afresh); part of the signed payload. " +
            "A nonce seen before is a replay: refuse it.",
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
              `invalid_request: the body does not match BatchRequest (not JSON, no items, over ${MAX_BATCH_ITEMS} items, an item with a missing or ` +
                "malformed field); the message names the field. Nothing of the call is applied. An item that matches the schema but cannot be applied fails " +
                "alone (invalid_item) in a 200.",
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
            "401": error(
              "missing_signature, malformed_signature, bad_signature, timestamp_out_of_window or replayed. " +
                "Nothing was recorded. Fix the signing (secret, clock) and resend, signed afresh.",
            ),
            "413": error(
              "payload_too_large: the body is over 2 MB. Split the events into smaller deliveries; never resend this one unchanged.",
            ),
            "429": {
              description: "rate_limited: too many requests from this address. Nothing was recorded; resend after Retry-After seconds.",
              headers: { "Retry-After": { schema: { type: "string" } } },
              content: json("Error"),
            },
            "5XX": error("Retry later with a new signature. 503 not_configured: Breachdesk has no exchange secret yet."),
          },
        },
      },
    },
  };
}

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
const accountId = { name: "accountId", in: "path", required: true, schema: { type: "string", maxLength: 128 } };
const transient = {
  "401": error("Unsigned, wrongly signed, outside the time window, or replayed. Final: Breachdesk pauses and says so."),
  "429": {
    description: "Too many requests. Retried after Retry-After (seconds or an HTTP date).",
    headers: { "Retry-After": { schema: { type: "string" } } },
    content: json("Error"),
  },
  "5XX": error("Temporarily failing. Retried with the same keys (as are timeouts and dropped connections)."),
};

function single(summary: string, withHoldBody = false) {
  return {
    post: {
      summary,
      security: signed,
      parameters: [accountId, idempotencyKey],
      requestBody: { required: false, content: json(withHoldBody ? "HoldRequest" : "EmptyRequest") },
      responses: {
        "200": { description: "Applied (or, for a repeated key, the first result).", content: json("AppliedItem") },
        "400": error("Invalid request (missing Idempotency-Key, bad body)."),
        "404": error("unknown_account: final."),
        "409": error("account_closed: final."),
        "422": error("idempotency_key_reused: the key was used for a different item. Final."),
        ...transient,
      },
    },
  };
}

export function buildProviderOpenApi(): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    info: {
      title: "Breachdesk provider contract",
      version: CONTRACT_VERSION,
      description:
        "What an exchange implements so that Breachdesk can force password resets and hold withdrawals on its accounts, " +
        "and the webhook it calls back. Prose, signing details and examples: docs/provider-api.md.",
    },
    servers: [
      { url: "https://exchange.example/breachdesk", description: "The exchange's base URL (BREACHDESK_EXCHANGE_URL)" },
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
        ItemResult: schema(ItemResult),
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
          summary: `Apply up to ${MAX_BATCH_ITEMS} items; one result per item, so one failed item never fails the others.`,
          security: signed,
          requestBody: { required: true, content: json("BatchRequest") },
          responses: {
            "200": {
              description: "A result per item (applied, or failed with a code and whether it may be retried).",
              content: json("BatchResponse"),
            },
            "400": error("invalid_request: the message names the field."),
            "413": error("Body too large."),
            ...transient,
          },
        },
      },
      "/v1/accounts/{accountId}/password-reset": single(
        "Force a password reset: the customer must set a new password; sessions and API keys revoked.",
      ),
      "/v1/accounts/{accountId}/withdrawal-hold": single("Hold withdrawals until holdUntil (or until released).", true),
      "/v1/accounts/{accountId}/withdrawal-hold/release": single("Release the withdrawal hold."),
      "/v1/accounts/{accountId}": {
        get: {
          summary: "Read the account's remediation state.",
          security: signed,
          parameters: [accountId],
          responses: {
            "200": { description: "The state.", content: json("AccountState") },
            "404": error("unknown_account."),
            ...transient,
          },
        },
      },
    },
    webhooks: {
      exchangeEvents: {
        post: {
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

import { z } from "zod";
import { WebhookAnswer, WebhookDelivery } from "../../../lib/exchange/contract";
import { defineOperation } from "../operation";

export const getOpenApiOperation = defineOperation({
  method: "GET",
  path: "/openapi.json",
  operationId: "getOpenApiDocument",
  tag: "Reference",
  summary: "This document: the API as OpenAPI 3.1, built from the schemas the handlers use.",
  description:
    "For every staff member and role token, whatever its role or incident: it holds no data, only the API's shape, " +
    "and a client needs it to use what its role allows. Not public: the signed-out are refused (401).",
  auth: { kind: "staff", permission: "incidents.read" },
  responses: {
    200: {
      description: "The OpenAPI 3.1 document.",
      schema: z.looseObject({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }),
    },
  },
});

export const exchangeWebhookOperation = defineOperation({
  method: "POST",
  path: "/webhooks/exchange",
  operationId: "receiveExchangeWebhook",
  tag: "Exchange webhooks",
  summary: "Events from the exchange: completed resets, holds released or ended on its side, security events.",
  description:
    'Signed by the exchange with the shared secret (docs/provider-api.md, "Webhooks"), never by a staff token: a token or a session is refused (401). ' +
    "Deduplicated by event id, so a redelivery is safe; order does not matter. Errors here use the provider contract's lower-case codes.",
  auth: { kind: "signature" },
  body: WebhookDelivery,
  retry: "event-id",
  responses: {
    200: { description: "Recorded (redelivered events are counted as duplicates).", schema: WebhookAnswer },
  },
  errors: {
    400: "invalid_request: the message names the field. Do not resend unchanged.",
    401:
      "The signature was refused; `error.code` says why: missing_signature (a signature header is absent), malformed_signature " +
      "(a header is not in its format), bad_signature (no v1 value matches an active secret), timestamp_out_of_window (more than " +
      "300 s from Breachdesk's clock), replayed (the nonce was used before). Nothing was recorded.",
    413: "payload_too_large: the body is over 2 MB. Split the events into smaller deliveries; never resend this one unchanged.",
    429: "rate_limited: too many requests from this address; nothing was recorded; retry after Retry-After seconds.",
    503: "not_configured: webhooks are not configured (no exchange secret).",
  },
});

import { z } from "zod";

// The provider contract between Breachdesk and an exchange (docs/provider-api.md;
// docs/provider-api.openapi.json is generated from these schemas by
// `npm run docs:provider-api`, and a unit test fails when it is out of date).
// Shared by the HTTP provider, the webhook receiver, the reference exchange
// (tools/exchange-sim) and the conformance check, so none of them can drift.

export const CONTRACT_VERSION = "2026-12-05";
/** Items in one batch call, at most. */
export const MAX_BATCH_ITEMS = 1_000;
/** Events in one webhook delivery, at most. */
export const MAX_WEBHOOK_EVENTS = 1_000;
/** A request body (either way: calls to the exchange, webhook deliveries) is at most this long; longer ones get 413. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** A signed request's timestamp may differ from the receiver's clock by this much, either way. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

const EXCHANGE_ACTIONS = ["password_reset", "withdrawal_hold", "hold_release"] as const;
export type ExchangeAction = (typeof EXCHANGE_ACTIONS)[number];

const ExchangeAccountId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9._:@-]+$/, "letters, digits and . _ : @ - only");
const ExchangeIdempotencyKey = z
  .string()
  .min(8)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, "printable ASCII without spaces");

const IsoTime = z.iso.datetime({ offset: true });

export const BatchItem = z.object({
  idempotencyKey: ExchangeIdempotencyKey,
  accountId: ExchangeAccountId,
  action: z.enum(EXCHANGE_ACTIONS),
  /** withdrawal_hold: when the hold ends by itself; null or absent: until released. */
  holdUntil: IsoTime.nullable()
    .optional()
    .describe(
      "withdrawal_hold only. When the hold ends by itself. Absent or null: until released. " +
        "A time already past is applied, not refused: the hold is over at once (Breachdesk never sends one on purpose).",
    ),
});
export type BatchItem = z.infer<typeof BatchItem>;

export const BatchRequest = z.object({ items: z.array(BatchItem).min(1).max(MAX_BATCH_ITEMS) });
export type BatchRequest = z.infer<typeof BatchRequest>;

/**
 * Why an item failed. `retryable: true` codes may succeed later with the same
 * idempotency key; the others are final.
 */
export const ITEM_ERROR_CODES = {
  unknown_account: { retryable: false, status: 404 },
  account_closed: { retryable: false, status: 409 },
  invalid_item: { retryable: false, status: 400 },
  idempotency_key_reused: { retryable: false, status: 422 },
  temporarily_unavailable: { retryable: true, status: 503 },
} as const;
export type ItemErrorCode = keyof typeof ITEM_ERROR_CODES;
const ItemErrorCodeInput = z.enum(Object.keys(ITEM_ERROR_CODES) as [ItemErrorCode, ...ItemErrorCode[]]);

export const ItemResult = z.discriminatedUnion("status", [
  z.object({
    idempotencyKey: ExchangeIdempotencyKey,
    status: z.literal("applied"),
    appliedAt: IsoTime.describe(
      "When the exchange applied the effect, by its clock (a repeated key: the first time). Breachdesk compares webhook events' occurredAt with it.",
    ),
  }),
  z.object({
    idempotencyKey: ExchangeIdempotencyKey,
    status: z.literal("failed"),
    error: z.object({ code: ItemErrorCodeInput, message: z.string(), retryable: z.boolean() }),
  }),
]);
export type ItemResult = z.infer<typeof ItemResult>;

export const BatchResponse = z.object({ results: z.array(ItemResult).max(MAX_BATCH_ITEMS) });
export type BatchResponse = z.infer<typeof BatchResponse>;

/** The body of every non-2xx answer. */
export const ErrorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), retryable: z.boolean().optional() }),
});
export type ErrorResponse = z.infer<typeof ErrorResponse>;

export const HoldRequest = z.object({
  holdUntil: IsoTime.nullable()
    .optional()
    .describe(
      "withdrawal_hold only. When the hold ends by itself. Absent or null: until released. " +
        "A time already past is applied, not refused: the hold is over at once (Breachdesk never sends one on purpose).",
    ),
});
export const AccountState = z.object({
  accountId: ExchangeAccountId,
  status: z.enum(["open", "closed"]),
  passwordResetRequired: z.boolean(),
  /** When the first forced reset was applied (a repeated key never moves it). */
  passwordResetForcedAt: IsoTime.nullable(),
  sessionsRevokedAt: IsoTime.nullable(),
  withdrawalHold: z
    .object({ active: z.boolean(), placedAt: IsoTime.nullable(), until: IsoTime.nullable() })
    .describe(
      "After a release, or once holdUntil has passed: active false, placedAt the last hold's placement (kept), until null. " +
        "Never held: all three empty (false, null, null).",
    ),
});
export type AccountState = z.infer<typeof AccountState>;

// ------------------------------------------------------------------ webhooks

const SECURITY_EVENT_KINDS = [
  "login_new_device",
  "login_failed",
  "password_change",
  "two_factor_change",
  "email_change",
  "withdrawal_address_change",
  "api_key_created",
] as const;

const EventBase = {
  /** Unique per event; a redelivery carries the same id. */
  id: z.string().min(1).max(200),
  occurredAt: IsoTime,
  accountId: ExchangeAccountId,
};

export const WebhookEvent = z.discriminatedUnion("type", [
  z.object({ ...EventBase, type: z.literal("password_reset.completed") }),
  z.object({ ...EventBase, type: z.literal("withdrawal_hold.released") }),
  z.object({ ...EventBase, type: z.literal("withdrawal_hold.ended") }),
  z.object({
    ...EventBase,
    type: z.literal("security_event"),
    data: z.object({
      kind: z.enum(SECURITY_EVENT_KINDS),
      ip: z.string().max(64).nullable().optional(),
      detail: z.string().max(500).nullable().optional(),
    }),
  }),
]);
export type WebhookEvent = z.infer<typeof WebhookEvent>;

export const WebhookDelivery = z.object({ events: z.array(WebhookEvent).min(1).max(MAX_WEBHOOK_EVENTS) });
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

const EventCount = z.number().int().min(0).max(MAX_WEBHOOK_EVENTS);
export const WebhookAnswer = z.object({ received: EventCount, duplicates: EventCount, applied: EventCount });
export type WebhookAnswer = z.infer<typeof WebhookAnswer>;

// ------------------------------------------------------------------ paths

export const PROVIDER_PATHS = {
  batch: "/v1/batch",
  passwordReset: (accountId: string) => `/v1/accounts/${encodeURIComponent(accountId)}/password-reset`,
  hold: (accountId: string) => `/v1/accounts/${encodeURIComponent(accountId)}/withdrawal-hold`,
  release: (accountId: string) => `/v1/accounts/${encodeURIComponent(accountId)}/withdrawal-hold/release`,
  account: (accountId: string) => `/v1/accounts/${encodeURIComponent(accountId)}`,
} as const;

/** Whole-call HTTP statuses worth another attempt with the same keys (plus timeouts and dropped connections). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

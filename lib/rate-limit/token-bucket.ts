// The one token bucket of every rate limit in Breachdesk: it holds up to
// `capacity` tokens and refills at `perSecond`; a request for n tokens goes
// when n are there. Where the bucket is kept is the caller's choice:
//  - a database row (server/http/take-rate.ts: a webhook source's bucket in
//    rate_buckets; server/auth/take-token-rate.ts: an API token's, in its own
//    row), so that every process and machine shares the limit. The statement
//    runs `refilledTokensSql` and `takenTokensSql`, the same arithmetic as
//    `tokensAt` and `take` below, under the row's lock;
//  - memory (paced-bucket.ts), for one process's pacing of its own calls.

/** A bucket of `capacity` tokens, refilled at `perSecond`. */
export type BucketLimit = { readonly capacity: number; readonly perSecond: number };

/** What a bucket held at `atMs` (milliseconds on the caller's clock). Null: never used, which is full. */
export type BucketState = { readonly tokens: number; readonly atMs: number } | null;

type TakeResult =
  | { allowed: true; state: NonNullable<BucketState> }
  /** Refused: nothing taken; `waitMs` until the tokens asked for will be there. */
  | { allowed: false; waitMs: number; state: NonNullable<BucketState> };

/** The tokens held at `nowMs`. A clock that went back refills nothing. */
export function tokensAt(limit: BucketLimit, state: BucketState, nowMs: number): number {
  if (!state) return limit.capacity;
  return Math.min(limit.capacity, state.tokens + (Math.max(0, nowMs - state.atMs) / 1000) * limit.perSecond);
}

/** Milliseconds until `n` tokens are there, from `available` now (0 when they are). */
export function msUntil(limit: BucketLimit, available: number, n: number): number {
  return available >= n ? 0 : ((n - available) / limit.perSecond) * 1000;
}

/** Takes `n` tokens if they are there; else takes nothing and says how long to wait. */
export function take(limit: BucketLimit, state: BucketState, n: number, nowMs: number): TakeResult {
  const available = tokensAt(limit, state, nowMs);
  if (available >= n) return { allowed: true, state: { tokens: available - n, atMs: nowMs } };
  return { allowed: false, waitMs: msUntil(limit, available, n), state: { tokens: available, atMs: nowMs } };
}

/**
 * Takes `n` tokens now and pays for any shortfall by waiting: the bucket may
 * go below zero, and the caller goes after `waitMs`, when the refill has
 * covered the debt. Callers that reserve one after another are served in
 * order without a queue, each after the one before. Giving back a
 * reservation before its wait ends (`release`) leaves the bucket as if it
 * had never been made: until then the bucket is below zero, so no refill was
 * lost to the capacity.
 */
export function reserve(
  limit: BucketLimit,
  state: BucketState,
  n: number,
  nowMs: number,
): { waitMs: number; state: NonNullable<BucketState> } {
  const available = tokensAt(limit, state, nowMs);
  return { waitMs: msUntil(limit, available, n), state: { tokens: available - n, atMs: nowMs } };
}

/** A refused request's wait in whole seconds, for Retry-After (at least 1). */
export function retryAfterSeconds(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000));
}

/**
 * `tokensAt` in SQL, for buckets kept in a row: `tokens` and `checkedAt` are
 * the row's columns (null: never used, so full), `capacity` and `perSecond`
 * parameters, `now` the statement's clock.
 */
export function refilledTokensSql(
  tokens: string,
  checkedAt: string,
  capacity: string,
  perSecond: string,
  now = "clock_timestamp()",
): string {
  return `LEAST(${capacity}, coalesce(${tokens}, ${capacity})
            + greatest(0, extract(epoch FROM ${now} - coalesce(${checkedAt}, ${now}))) * ${perSecond})`;
}

/** `take`'s new token count in SQL: `available` less `n` when that many are there, else unchanged. */
export function takenTokensSql(available: string, n = "1"): string {
  return `CASE WHEN ${available} >= ${n} THEN ${available} - ${n} ELSE ${available} END`;
}

import type { Db } from "../db";

export type RateLimit = { perSecond: number; burst: number };

/**
 * The token bucket's arithmetic, shared by every bucket kept in the database
 * (rate_buckets here, an API token's own row in take-token-rate.ts): the
 * tokens a bucket holds now, given what it held at `checkedAt`, refilled at
 * `perSecond` up to `burst` (SQL expressions or parameters). A bucket never
 * checked is full.
 */
export function refilledTokensSql(tokens: string, checkedAt: string, burst: string, perSecond: string): string {
  return `LEAST(${burst}, coalesce(${tokens}, ${burst})
            + greatest(0, extract(epoch FROM clock_timestamp() - coalesce(${checkedAt}, clock_timestamp()))) * ${perSecond})`;
}

/** Null when a request may go (a whole token was there to take); else the seconds until one may. */
export function secondsUntilAllowed(available: number, limit: RateLimit): number | null {
  if (available >= 1) return null;
  return Math.max(1, Math.ceil((1 - available) / limit.perSecond));
}

/**
 * Draws one request from the token bucket named `key` (e.g. "webhook:<address>"),
 * which refills at `perSecond` up to `burst`: the limit for callers that have
 * no row of their own to keep it in (an API token keeps its bucket in its row,
 * take-token-rate.ts, with the same arithmetic: refilledTokensSql). The bucket is a row of
 * rate_buckets, so every process and machine shares it; the draw is one
 * statement under the row's lock, so two concurrent requests cannot both take
 * the last token. A missing bucket is a full one, which is why the sweep may
 * delete buckets idle long enough to have refilled. Null when the request may
 * go; else the seconds until one may.
 */
export async function takeRate(db: Pick<Db, "sql">, key: string, limit: RateLimit): Promise<number | null> {
  await db.sql.query(
    `INSERT INTO rate_buckets (key, tokens, checked_at) VALUES ($1, $2::float8, clock_timestamp()) ON CONFLICT (key) DO NOTHING`,
    [key, limit.burst],
  );
  const [row] = await db.sql.query<{ available: number }>(
    `WITH bucket AS (
       SELECT key, clock_timestamp() AS now, ${refilledTokensSql("tokens", "checked_at", "$2::float8", "$3::float8")} AS available
         FROM rate_buckets WHERE key = $1 FOR UPDATE
     )
     UPDATE rate_buckets r
        SET tokens = CASE WHEN b.available >= 1 THEN b.available - 1 ELSE b.available END, checked_at = b.now
       FROM bucket b
      WHERE r.key = b.key
  RETURNING b.available::float8 AS available`,
    [key, limit.burst, limit.perSecond],
  );
  return secondsUntilAllowed(Number(row?.available ?? limit.burst), limit);
}

/** Buckets idle for longer than a full refill of the slowest limit: missing and full are the same. */
export async function pruneRateBuckets(db: Pick<Db, "sql">, at: Date, idleSeconds: number): Promise<number> {
  return db.sql.run(`DELETE FROM rate_buckets WHERE checked_at < $1::timestamptz - make_interval(secs => $2)`, [
    at.toISOString(),
    idleSeconds,
  ]);
}

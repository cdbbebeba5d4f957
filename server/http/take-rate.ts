import {
  msUntil,
  refilledTokensSql,
  retryAfterSeconds,
  takenTokensSql,
  type BucketLimit,
} from "../../lib/rate-limit/token-bucket";
import type { Db } from "../db";

/**
 * After a database bucket's draw of one token: null when it was taken, else
 * the seconds (Retry-After) until one will be there. `available` is what the
 * row held before the draw (the statement returns it).
 */
export function secondsUntilAllowed(available: number, limit: BucketLimit): number | null {
  const waitMs = msUntil(limit, available, 1);
  return waitMs === 0 ? null : retryAfterSeconds(waitMs);
}

/**
 * Draws one request from the token bucket named `key` (e.g. "webhook:<address>"):
 * the database back-end of lib/rate-limit/token-bucket.ts, for callers that
 * have no row of their own to keep a bucket in (an API token keeps its bucket
 * in its row: take-token-rate.ts). The bucket is a row of rate_buckets, so
 * every process and machine shares it; the draw is one statement under the
 * row's lock, so two concurrent requests cannot both take the last token. A
 * missing bucket is a full one, which is why the sweep may delete buckets
 * idle long enough to have refilled. Null when the request may go; else the
 * seconds until one may.
 */
export async function takeRate(db: Pick<Db, "sql">, key: string, limit: BucketLimit): Promise<number | null> {
  await db.sql.query(
    `INSERT INTO rate_buckets (key, tokens, checked_at) VALUES ($1, $2::float8, clock_timestamp()) ON CONFLICT (key) DO NOTHING`,
    [key, limit.capacity],
  );
  const [row] = await db.sql.query<{ available: number }>(
    `WITH bucket AS (
       SELECT key, clock_timestamp() AS now, ${refilledTokensSql("tokens", "checked_at", "$2::float8", "$3::float8")} AS available
         FROM rate_buckets WHERE key = $1 FOR UPDATE
     )
     UPDATE rate_buckets r
        SET tokens = ${takenTokensSql("b.available")}, checked_at = b.now
       FROM bucket b
      WHERE r.key = b.key
  RETURNING b.available::float8 AS available`,
    [key, limit.capacity, limit.perSecond],
  );
  return secondsUntilAllowed(row?.available ?? limit.capacity, limit);
}

/** Buckets idle for longer than a full refill of the slowest limit: missing and full are the same. */
export async function pruneRateBuckets(db: Pick<Db, "sql">, at: Date, idleSeconds: number): Promise<number> {
  return db.sql.run(`DELETE FROM rate_buckets WHERE checked_at < $1::timestamptz - make_interval(secs => $2)`, [
    at.toISOString(),
    idleSeconds,
  ]);
}

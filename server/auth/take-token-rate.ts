import "server-only";
import type { Db } from "../db";
import { refilledTokensSql, takenTokensSql, type BucketLimit } from "../../lib/rate-limit/token-bucket";
import { secondsUntilAllowed } from "../http/take-rate";

/**
 * Draws one request from an API token's rate-limit bucket: the token bucket of
 * lib/rate-limit/token-bucket.ts (the same statement as take-rate.ts's), kept in the token's own row so
 * that every app process (`npm start` runs one per core on PostgreSQL) and
 * every machine shares one limit. One statement, under the row's lock, so two
 * concurrent requests cannot both take the last request. It records the
 * token's last use too (at most once a minute), which the row was written for
 * anyway. Null when the request may go; else the seconds until one may.
 */
export async function takeTokenRate(db: Pick<Db, "sql">, tokenId: string, limit: BucketLimit): Promise<number | null> {
  const [row] = await db.sql.query<{ available: number }>(
    `WITH bucket AS (
       SELECT id, clock_timestamp() AS now, ${refilledTokensSql("rate_tokens", "rate_checked_at", "$2::float8", "$3::float8")} AS available
         FROM api_tokens WHERE id = $1::uuid FOR UPDATE
     )
     UPDATE api_tokens t
        SET rate_tokens = ${takenTokensSql("b.available")},
            rate_checked_at = b.now,
            last_used_at = CASE WHEN b.available >= 1 AND (t.last_used_at IS NULL OR t.last_used_at < b.now - interval '1 minute')
                                THEN b.now ELSE t.last_used_at END
       FROM bucket b
      WHERE t.id = b.id
  RETURNING b.available::float8 AS available`,
    [tokenId, limit.capacity, limit.perSecond],
  );
  return secondsUntilAllowed(row?.available ?? 0, limit);
}

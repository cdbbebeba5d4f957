import type { Db } from "../db";
import { env } from "../env";
import { pruneRateBuckets } from "../http/take-rate";

/**
 * Deletes what requests without an account leave behind once it has served
 * its purpose: sign-in attempts older than the sign-in throttle's window
 * (they are counted only inside it; successes are in the audit log),
 * refused webhook deliveries and unsigned-refusal counts past their
 * retention, and rate buckets idle long enough to be full again (a missing
 * bucket is a full one).
 */
export async function pruneAnonymousRecords(
  db: Pick<Db, "sql">,
  at: Date,
): Promise<{ signInAttempts: number; refusals: number; refusalCounts: number; rateBuckets: number }> {
  const config = env();
  const signInAttempts = await db.sql.run(
    `DELETE FROM sign_in_attempts WHERE created_at < $1::timestamptz - make_interval(mins => $2)`,
    [at.toISOString(), config.BREACHDESK_SIGN_IN_ATTEMPT_RETENTION_MINUTES],
  );
  const refusals = await db.sql.run(
    `DELETE FROM exchange_webhook_deliveries WHERE NOT accepted AND received_at < $1::timestamptz - make_interval(days => $2)`,
    [at.toISOString(), config.BREACHDESK_WEBHOOK_REFUSAL_RETENTION_DAYS],
  );
  const refusalCounts = await db.sql.run(
    `DELETE FROM exchange_webhook_refusal_counts WHERE last_at < $1::timestamptz - make_interval(days => $2)`,
    [at.toISOString(), config.BREACHDESK_WEBHOOK_REFUSAL_RETENTION_DAYS],
  );
  const rateBuckets = await pruneRateBuckets(
    db,
    at,
    Math.ceil(config.BREACHDESK_WEBHOOK_RATE_BURST / config.BREACHDESK_WEBHOOK_RATE_PER_SECOND),
  );
  return { signInAttempts, refusals, refusalCounts, rateBuckets };
}

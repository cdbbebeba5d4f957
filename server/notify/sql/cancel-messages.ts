import type { SqlQueryable } from "../../db/driver";

/**
 * A cancelled campaign's messages not yet handed to the relay: queued, or
 * deferred for a retry, claimed or not (the lease holder checks the status
 * before it sends). Returns how many.
 */
export function cancelUnsentMessages(tx: SqlQueryable, campaignId: string, at: Date): Promise<number> {
  return tx.run(
    `UPDATE notice_messages SET status = 'cancelled', done_at = $2::timestamptz, lease_owner = NULL
      WHERE campaign_id = $1::uuid AND status IN ('queued', 'deferred')`,
    [campaignId, at.toISOString()],
  );
}

/** The queued messages of campaigns that end unapproved (rejected, expired). */
export async function cancelQueuedMessages(tx: SqlQueryable, campaignIds: readonly string[], at: Date): Promise<void> {
  await tx.run(
    `UPDATE notice_messages SET status = 'cancelled', done_at = $2::timestamptz WHERE campaign_id = ANY($1::uuid[]) AND status = 'queued'`,
    [campaignIds, at.toISOString()],
  );
}

/** Messages of a campaign a sender holds right now, handed to the relay and not yet answered. */
export async function messagesSending(tx: SqlQueryable, campaignId: string): Promise<number> {
  const [left] = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM notice_messages WHERE campaign_id = $1::uuid AND status = 'sending'`,
    [campaignId],
  );
  return Number(left?.n ?? 0);
}

import type { SqlQueryable } from "../../db/driver";

/**
 * Marks the built messages "sending" (an attempt counted), committed before
 * any SMTP transaction, if this sender still holds them and nobody cancelled
 * them. Returns the keys (`campaign_id:seq`) it marked.
 */
export async function markSending(
  sql: SqlQueryable,
  senderId: string,
  messages: readonly { campaign_id: string; seq: number }[],
): Promise<Set<string>> {
  const rows = await sql.query<{ k: string }>(
    `UPDATE notice_messages m SET status = 'sending', attempts = m.attempts + 1
       FROM unnest($2::uuid[], $3::int[]) AS u(campaign_id, seq)
      WHERE m.campaign_id = u.campaign_id AND m.seq = u.seq AND m.lease_owner = $1
        AND m.status IN ('queued', 'deferred')
      RETURNING m.campaign_id::text || ':' || m.seq AS k`,
    [senderId, messages.map((m) => m.campaign_id), messages.map((m) => m.seq)],
  );
  return new Set(rows.map((r) => r.k));
}

import type { SqlQueryable } from "../../db/driver";
import type { Row } from "../../db/rows";
import type { NoticeCounts } from "../notice-timeline";

export type FinishedCampaign = { id: string; incidentId: string; status: string; total: number; version: number; counts: NoticeCounts };

/**
 * Adds a batch's results to its campaign (the row lock serialises senders)
 * and finishes it when every message has its final state.
 */
export async function addCounts(
  tx: SqlQueryable,
  campaignId: string,
  delta: { sent: number; bounced: number; failed: number; inDoubt: number },
  at: Date,
): Promise<FinishedCampaign | null> {
  const [row] = await tx.query<
    Row<"notice_campaigns", "incident_id" | "status" | "total" | "sent" | "bounced" | "failed" | "in_doubt" | "cancelled" | "finished_at"> &
      Row<"notice_templates", "version">
  >(
    `UPDATE notice_campaigns k SET sent = sent + $2, bounced = bounced + $3, failed = failed + $4, in_doubt = in_doubt + $5,
            updated_at = $6::timestamptz
       FROM notice_templates t
      WHERE k.id = $1::uuid AND t.id = k.template_id
      RETURNING k.incident_id::text, k.status::text, k.total, k.sent, k.bounced, k.failed, k.in_doubt, k.cancelled, k.finished_at, t.version`,
    [campaignId, delta.sent, delta.bounced, delta.failed, delta.inDoubt, at.toISOString()],
  );
  if (!row || row.finished_at) return null;
  const counts = { sent: row.sent, bounced: row.bounced, failed: row.failed, inDoubt: row.in_doubt, cancelled: row.cancelled };
  const settled = counts.sent + counts.bounced + counts.failed + counts.inDoubt + counts.cancelled;
  if (row.status === "running" && settled < row.total) return null;
  if (row.status === "cancelled") {
    // A cancelled campaign ends when its last message in hand has its answer.
    const [left] = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notice_messages WHERE campaign_id = $1::uuid AND status = 'sending'`,
      [campaignId],
    );
    if ((left?.n ?? 0) > 0) return null;
  } else if (row.status !== "running") return null;
  const status = row.status === "running" ? "completed" : row.status;
  await tx.run(`UPDATE notice_campaigns SET status = $2::"NoticeCampaignStatus", finished_at = $3::timestamptz WHERE id = $1::uuid`, [
    campaignId,
    status,
    at.toISOString(),
  ]);
  return { id: campaignId, incidentId: row.incident_id, status, total: row.total, version: row.version, counts };
}

import type { SqlQueryable } from "../../db/driver";
import type { Row } from "../../db/rows";
import type { NoticeCounts } from "../notice-timeline";
import { messagesSending } from "./cancel-messages";

export type SettledCampaign = { id: string; status: string; total: number; counts: NoticeCounts };

/**
 * Adds a batch's results to its campaign (the row lock serialises senders).
 * Returns its final counts, and the status it ends in, when every message has
 * its final state: the caller finishes it (finishOnce).
 */
export async function addCounts(
  tx: SqlQueryable,
  campaignId: string,
  delta: { sent: number; bounced: number; failed: number; inDoubt: number },
  at: Date,
): Promise<SettledCampaign | null> {
  const [row] = await tx.query<
    Row<"notice_campaigns", "status" | "total" | "sent" | "bounced" | "failed" | "in_doubt" | "cancelled" | "finished_at">
  >(
    `UPDATE notice_campaigns SET sent = sent + $2, bounced = bounced + $3, failed = failed + $4, in_doubt = in_doubt + $5,
            updated_at = $6::timestamptz
      WHERE id = $1::uuid
      RETURNING status::text, total, sent, bounced, failed, in_doubt, cancelled, finished_at`,
    [campaignId, delta.sent, delta.bounced, delta.failed, delta.inDoubt, at.toISOString()],
  );
  if (!row || row.finished_at) return null;
  const counts = { sent: row.sent, bounced: row.bounced, failed: row.failed, inDoubt: row.in_doubt, cancelled: row.cancelled };
  const settled = counts.sent + counts.bounced + counts.failed + counts.inDoubt + counts.cancelled;
  if (row.status === "running" && settled < row.total) return null;
  if (row.status === "cancelled") {
    // A cancelled campaign ends when its last message in hand has its answer.
    if ((await messagesSending(tx, campaignId)) > 0) return null;
  } else if (row.status !== "running") return null;
  return { id: campaignId, status: row.status === "running" ? "completed" : row.status, total: row.total, counts };
}

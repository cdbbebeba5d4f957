import { formatCount } from "../../lib/format/numbers";
import type { AuditActor } from "../audit/record-audit";
import type { SqlQueryable } from "../db/driver";
import { recordSystemTimelineEvent } from "../timeline/record-timeline-event";

export type NoticeStep = "requested" | "approved" | "rejected" | "cancelled" | "expired" | "finished";
export type NoticeCounts = { sent: number; bounced: number; failed: number; inDoubt: number; cancelled: number };

/**
 * A campaign's step on the timeline (category communication), through the one
 * recordSystemTimelineEvent in the caller's transaction, once per step (the external id is unique per incident).
 * "finished" is the "customers notified" milestone.
 */
export async function recordNoticeTimelineEvent(
  tx: SqlQueryable,
  campaign: { id: string; incidentId: string; total: number; templateVersion: number },
  step: NoticeStep,
  detail: { at: Date; actor: AuditActor; note?: string; counts?: NoticeCounts },
): Promise<void> {
  const customers = `${formatCount(campaign.total)} customer${campaign.total === 1 ? "" : "s"}`;
  const titles: Record<NoticeStep, string> = {
    requested: `Customer notice requested for ${customers}`,
    approved: `Customer notice approved (${customers})`,
    rejected: `Customer notice rejected (${customers})`,
    cancelled: `Customer notice cancelled (${customers})`,
    expired: `Customer notice expired unapproved (${customers})`,
    finished: `Customers notified (${customers})`,
  };
  const c = detail.counts;
  const body = [
    detail.note ? `Note: ${detail.note}` : "",
    c
      ? `Sent ${formatCount(c.sent)}, bounced ${formatCount(c.bounced)}, failed ${formatCount(c.failed)}, in doubt ${formatCount(c.inDoubt)}, cancelled ${formatCount(c.cancelled)}.`
      : "",
    `Notice version ${campaign.templateVersion}; campaign ${campaign.id}.`,
  ]
    .filter(Boolean)
    .join("\n");
  await recordSystemTimelineEvent(
    tx,
    {
      incidentId: campaign.incidentId,
      occurredAt: detail.at,
      category: "communication",
      milestone: step === "finished" ? "customers_notified" : null,
      source: "system",
      title: titles[step],
      body,
      externalId: `notice-campaign:${campaign.id}:${step}`,
    },
    detail.actor,
  );
}

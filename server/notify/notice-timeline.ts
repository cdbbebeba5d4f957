import { formatCount } from "../../lib/format/numbers";
import type { SqlQueryable } from "../db/driver";
import type { RequestStep, StepDetail } from "../jobs/four-eyes-flow";
import { recordSystemTimelineEvent } from "../timeline/record-timeline-event";

export type NoticeSummary = { id: string; incidentId: string; total: number; templateVersion: number };
export type NoticeCounts = { sent: number; bounced: number; failed: number; inDoubt: number; cancelled: number };

/**
 * A campaign's step on the timeline (category communication), through the one
 * recordSystemTimelineEvent in the caller's transaction, once per step (the external id is unique per incident).
 * "finished" is the "customers notified" milestone; a campaign's start is its
 * approval (or its request), so it has no "started" step.
 */
export async function recordNoticeTimelineEvent(
  tx: SqlQueryable,
  campaign: NoticeSummary,
  step: RequestStep,
  detail: StepDetail<NoticeCounts>,
): Promise<void> {
  if (step === "started") return;
  const customers = `${formatCount(campaign.total)} customer${campaign.total === 1 ? "" : "s"}`;
  const titles: Record<Exclude<RequestStep, "started">, string> = {
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

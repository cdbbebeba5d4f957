import { describeDays } from "../../lib/closing/retention";
import type { SqlQueryable } from "../db/driver";
import type { RequestStep, StepDetail } from "../jobs/four-eyes-flow";
import { recordSystemTimelineEvent } from "../timeline/record-timeline-event";

export type CloseSummary = { id: string; incidentId: string; pseudonymiseDays: number; eraseDays: number };

/** The external id of a close's "Closed" milestone: a reopen retracts it, the next close records its own. */
const closedMilestoneId = (requestId: string) => `incident-close:${requestId}:closed`;

/**
 * A close request's step on the timeline, in the caller's transaction, once
 * per step. Its approval is the "Closed" milestone; it has no "started" or
 * "finished" step (the close is done in the approval's transaction).
 */
export async function recordCloseTimelineEvent(
  tx: SqlQueryable,
  request: CloseSummary,
  step: RequestStep,
  detail: StepDetail<unknown>,
): Promise<void> {
  if (step === "started" || step === "finished") return;
  const schedule = `Retention: pseudonymise ${describeDays(request.pseudonymiseDays)} after the close, erase ${describeDays(request.eraseDays)} after it.`;
  const titles: Record<Exclude<RequestStep, "started" | "finished">, string> = {
    requested: "Close requested",
    approved: "Incident closed",
    rejected: "Close rejected",
    cancelled: "Close request cancelled",
    expired: "Close request expired unapproved",
  };
  await recordSystemTimelineEvent(
    tx,
    {
      incidentId: request.incidentId,
      occurredAt: detail.at,
      category: "remediation",
      milestone: step === "approved" ? "closed" : null,
      source: "system",
      title: titles[step],
      body: [detail.note ? `Note: ${detail.note}` : "", schedule].filter(Boolean).join("\n"),
      externalId: step === "approved" ? closedMilestoneId(request.id) : `incident-close:${request.id}:${step}`,
    },
    detail.actor,
  );
}

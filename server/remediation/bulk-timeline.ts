import { ACTION_KIND_LABELS, type ActionKind } from "../../lib/remediation/actions";
import { formatCount } from "../../lib/format/numbers";
import type { SqlQueryable } from "../db/driver";
import type { RequestStep, StepDetail } from "../jobs/four-eyes-flow";
import { recordSystemTimelineEvent } from "../timeline/record-timeline-event";

export type BulkSummary = { id: string; incidentId: string; kind: ActionKind; origin?: string; total: number };
export type BulkCounts = { succeeded: number; skipped: number; failed: number; cancelled: number };

/**
 * The automatic timeline event of a bulk action's step, through the one
 * recordSystemTimelineEvent, in the caller's transaction (the batch's own,
 * for "finished"), once. Single-account actions
 * stay off the timeline (the audit log has them).
 */
export async function recordBulkTimelineEvent(
  tx: SqlQueryable,
  bulk: BulkSummary,
  step: RequestStep,
  detail: StepDetail<BulkCounts>,
): Promise<void> {
  const label = ACTION_KIND_LABELS[bulk.kind].toLowerCase();
  const accounts = `${formatCount(bulk.total)} account${bulk.total === 1 ? "" : "s"}`;
  const titles: Record<RequestStep, string> = {
    requested: `Bulk ${label} requested for ${accounts}`,
    approved: `Bulk ${label} approved (${accounts})`,
    rejected: `Bulk ${label} rejected (${accounts})`,
    started: `Bulk ${label} started (${accounts})`,
    finished: `Bulk ${label} finished (${accounts})`,
    cancelled: `Bulk ${label} cancelled (${accounts})`,
    expired: `Bulk ${label} expired unapproved (${accounts})`,
  };
  const c = detail.counts;
  const body = [
    detail.note ? `Reason: ${detail.note}` : "",
    c
      ? `Succeeded ${formatCount(c.succeeded)}, skipped ${formatCount(c.skipped)}, failed ${formatCount(c.failed)}, cancelled ${formatCount(c.cancelled)}.`
      : "",
    `Bulk action ${bulk.id}.`,
  ]
    .filter(Boolean)
    .join("\n");
  await recordSystemTimelineEvent(
    tx,
    {
      incidentId: bulk.incidentId,
      occurredAt: detail.at,
      category: "remediation",
      source: "system",
      title: titles[step],
      body,
      externalId: `bulk-action:${bulk.id}:${step}`,
    },
    detail.actor,
  );
}

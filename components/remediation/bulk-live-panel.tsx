"use client";

import type { ReactNode } from "react";
import { formatUtc } from "@/lib/format/dates";
import type { ActionKind, BulkStatus } from "@/lib/remediation/actions";
import type { BulkLiveView, BulkPollResult } from "@/lib/remediation/contracts";
import { doneCount, formatElapsed, ratePerSecond, remainingCount, settlingAfterCancel } from "@/lib/remediation/progress";
import { LiveProblem, useLiveWork } from "../work/work-progress";
import { BulkActionControls, type BulkControlActions } from "./bulk-action-controls";
import { BulkProgressBar } from "./bulk-progress";
import { effectiveBulkStatus } from "./bulk-status-badge";

const FINISHED: readonly BulkStatus[] = ["rejected", "expired", "cancelled", "completed"];

/** The one sentence that says where the action stands, from the same view as the bar and the buttons. */
function headline(view: BulkLiveView, status: BulkStatus, expiresAt: string | null): string {
  switch (status) {
    case "pending_approval":
      return `Nothing has been done yet: it waits for a second person's approval${expiresAt ? ` until ${formatUtc(expiresAt)}` : ""}.`;
    case "rejected":
    case "expired":
      return "It never ran: nothing was done.";
    case "running":
      return doneCount(view) === 0
        ? "Approved or started: the first accounts are being acted on."
        : "Running: the bar updates live.";
    case "paused":
      return "Paused: batches already started finished; no new ones start until it is resumed.";
    case "cancelled":
      return settlingAfterCancel(view)
        ? `Cancelled: accounts already done stay done; ${remainingCount(view)} more are being settled (those already sent are confirmed with the exchange).`
        : `Cancelled${view.finishedAt ? ` ${formatUtc(view.finishedAt)}` : ""}: accounts already done stay done.`;
    case "completed":
      return view.startedAt && view.finishedAt
        ? `Completed in ${formatElapsed(Date.parse(view.finishedAt) - Date.parse(view.startedAt))} (finished ${formatUtc(view.finishedAt)}).`
        : "Completed.";
  }
}

/**
 * A bulk action's state, progress and controls from ONE live view: the
 * headline, the bar and the buttons change together when the state does, so
 * the page never says "waits for approval" beside a moving bar, nor "running
 * now" at 100 %. No bar (and no rate) before it runs or when it never ran.
 */
export function BulkLivePanel({
  initial,
  poll,
  label,
  expiresAt,
  kind,
  isRequester,
  actions,
  approveSummary,
  requestedViaToken,
}: {
  initial: BulkLiveView;
  poll: () => Promise<BulkPollResult>;
  label: string;
  expiresAt: string | null;
  kind: ActionKind;
  isRequester: boolean;
  actions: BulkControlActions;
  approveSummary?: ReactNode;
  requestedViaToken?: string | null;
}) {
  const { view, samples, problem } = useLiveWork(initial, poll, { finished: FINISHED, done: doneCount, working: settlingAfterCancel });
  const status = effectiveBulkStatus(view.status, expiresAt, new Date());
  // A request that never ran has no bar; one waiting shows its empty bar (no rate: it has not started).
  const bar = status !== "rejected" && status !== "expired";
  return (
    <div className="space-y-4" data-testid="bulk-live-panel" data-status={status}>
      <p className="text-sm text-slate-700" role="status" data-testid="bulk-headline">
        {headline(view, status, expiresAt)}
      </p>
      {bar ? <BulkProgressBar view={view} label={label} rate={ratePerSecond(samples)} /> : null}
      {status === "paused" && view.pauseReason ? (
        <p
          className="rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
          data-testid="pause-reason"
        >
          {view.pauseReason}
        </p>
      ) : null}
      <LiveProblem problem={problem} />
      <BulkActionControls
        kind={kind}
        total={view.total}
        status={status}
        remaining={remainingCount(view)}
        failed={view.failed}
        isRequester={isRequester}
        actions={actions}
        approveSummary={approveSummary}
        requestedViaToken={requestedViaToken}
        answerFor={status}
      />
    </div>
  );
}

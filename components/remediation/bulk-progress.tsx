"use client";

import { formatCount } from "@/lib/format/numbers";
import type { BulkStatus } from "@/lib/remediation/actions";
import type { BulkLiveView, BulkPollResult } from "@/lib/remediation/contracts";
import { doneCount, formatDuration, ratePerSecond, remainingCount, secondsLeft, settlingAfterCancel } from "@/lib/remediation/progress";
import { LiveProblem, useLiveWork, WorkProgressBar } from "../work/work-progress";

export type { BulkLiveView, BulkPollResult } from "@/lib/remediation/contracts";

const FINISHED: readonly BulkStatus[] = ["rejected", "expired", "cancelled", "completed"];

/** Items per second over the whole run, once it has finished. */
function averageRate(view: BulkLiveView): number | null {
  if (!view.startedAt || !view.finishedAt) return null;
  const seconds = (Date.parse(view.finishedAt) - Date.parse(view.startedAt)) / 1000;
  return seconds > 0 ? doneCount(view) / seconds : null;
}

function formatRate(rate: number | null): string {
  if (rate === null) return "—";
  return rate >= 10 ? `${formatCount(Math.round(rate))}/s` : `${rate.toFixed(1)}/s`;
}

/** The bar: done, failed, skipped, cancelled, then what remains; rate and time left. */
export function BulkProgressBar({
  view,
  label,
  rate = null,
  compact = false,
}: {
  view: BulkLiveView;
  label: string;
  rate?: number | null;
  compact?: boolean;
}) {
  const remaining = remainingCount(view);
  const finished = FINISHED.includes(view.status);
  const shownRate = finished ? averageRate(view) : rate;
  const left = finished ? null : view.status === "running" ? secondsLeft(view, rate) : null;
  return (
    <WorkProgressBar
      label={label}
      unit="accounts processed"
      total={view.total}
      segments={[
        { key: "succeeded", label: "Done", color: "bg-emerald-500", count: view.succeeded },
        { key: "failed", label: "Failed", color: "bg-red-500", count: view.failed },
        { key: "skipped", label: "Skipped", color: "bg-slate-400", count: view.skipped },
        { key: "cancelled", label: "Cancelled", color: "bg-amber-400", count: view.cancelled },
      ]}
      // No rate nor time left before it runs (nor for a request that never ran).
      stats={
        !view.startedAt
          ? []
          : [
              { label: finished ? "Average rate" : "Rate", value: formatRate(shownRate) },
              {
                label: "Time left",
                value:
                  view.status === "running" && remaining > 0
                    ? formatDuration(left)
                    : view.status === "paused"
                      ? "paused"
                      : "—",
              },
            ]
      }
      testIds={{ counts: "bulk-progress-counts", count: "bulk-count" }}
      compact={compact}
      compactNote={view.failed > 0 ? <span className="text-red-700"> · {formatCount(view.failed)} failed</span> : null}
      compactAside={
        view.status === "running" && shownRate !== null ? (
          <span>
            {formatRate(shownRate)} · {formatDuration(left)} left
          </span>
        ) : view.status === "paused" ? (
          <span>paused</span>
        ) : null
      }
    />
  );
}

/** The bar, kept up to date (useLiveWork), with why it paused by itself, if it did. */
export function BulkProgressLive({
  initial,
  poll,
  label,
  compact = false,
}: {
  initial: BulkLiveView;
  poll: () => Promise<BulkPollResult>;
  label: string;
  compact?: boolean;
}) {
  const { view, samples, problem } = useLiveWork(initial, poll, { finished: FINISHED, done: doneCount, working: settlingAfterCancel });
  return (
    <div>
      <BulkProgressBar view={view} label={label} rate={ratePerSecond(samples)} compact={compact} />
      {view.status === "paused" && view.pauseReason && !compact ? (
        <p
          role="status"
          className="mt-3 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-900"
          data-testid="pause-reason"
        >
          {view.pauseReason}
        </p>
      ) : null}
      <LiveProblem problem={problem} />
    </div>
  );
}

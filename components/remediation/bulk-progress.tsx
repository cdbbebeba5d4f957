"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { formatCount } from "@/lib/format/numbers";
import type { BulkStatus } from "@/lib/remediation/actions";
import {
  doneCount,
  formatDuration,
  percentDone,
  ratePerSecond,
  remainingCount,
  secondsLeft,
  type ProgressSample,
} from "@/lib/remediation/progress";

/** What the progress bar needs of a bulk action: plain JSON. */
export type BulkLiveView = {
  status: BulkStatus;
  total: number;
  succeeded: number;
  skipped: number;
  failed: number;
  cancelled: number;
  startedAt: string | null;
  finishedAt: string | null;
  /** Why it paused by itself (the exchange's circuit breaker), if it did. */
  pauseReason?: string | null;
};

export type BulkPollResult = { ok: true; view: BulkLiveView } | { ok: false; message: string };

const FINISHED: readonly BulkStatus[] = ["rejected", "expired", "cancelled", "completed"];
const RUNNING_POLL_MS = 1_000;
const WAITING_POLL_MS = 5_000;
const SAMPLES_KEPT = 30;

const SEGMENTS = [
  { key: "succeeded", label: "Done", color: "bg-emerald-500", dot: "bg-emerald-500" },
  { key: "failed", label: "Failed", color: "bg-red-500", dot: "bg-red-500" },
  { key: "skipped", label: "Skipped", color: "bg-slate-400", dot: "bg-slate-400" },
  { key: "cancelled", label: "Cancelled", color: "bg-amber-400", dot: "bg-amber-400" },
] as const;

function share(part: number, total: number): string {
  return total > 0 ? `${(part / total) * 100}%` : "0%";
}

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

/**
 * The bar itself, stacked: done, failed, skipped, cancelled, then what
 * remains. Accessible as one progressbar whose value is the per cent done.
 */
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
  const pct = percentDone(view);
  const remaining = remainingCount(view);
  const finished = FINISHED.includes(view.status);
  const shownRate = finished ? averageRate(view) : rate;
  const left = finished ? null : view.status === "running" ? secondsLeft(view, rate) : null;
  return (
    <div className={compact ? "space-y-1" : "space-y-2"}>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={`${formatCount(doneCount(view))} of ${formatCount(view.total)} accounts processed (${pct}%)`}
        className={`flex w-full overflow-hidden rounded-full bg-slate-200 ${compact ? "h-2" : "h-4"}`}
      >
        {SEGMENTS.map((segment) => (
          <div
            key={segment.key}
            className={`${segment.color} h-full transition-[width] duration-500`}
            style={{ width: share(view[segment.key], view.total) }}
          />
        ))}
      </div>
      {compact ? (
        <p className="flex flex-wrap justify-between gap-x-3 text-xs text-slate-600 tabular-nums">
          <span>
            {formatCount(doneCount(view))} / {formatCount(view.total)} ({pct}%)
            {view.failed > 0 ? <span className="text-red-700"> · {formatCount(view.failed)} failed</span> : null}
          </span>
          {view.status === "running" && shownRate !== null ? (
            <span>
              {formatRate(shownRate)} · {formatDuration(left)} left
            </span>
          ) : view.status === "paused" ? (
            <span>paused</span>
          ) : null}
        </p>
      ) : (
        <dl
          className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4 lg:grid-cols-8"
          data-testid="bulk-progress-counts"
        >
          <div>
            <dt className="text-xs text-slate-500">Progress</dt>
            <dd className="font-semibold text-slate-900 tabular-nums">{pct}%</dd>
          </div>
          {SEGMENTS.map((segment) => (
            <div key={segment.key}>
              <dt className="flex items-center gap-1.5 text-xs text-slate-500">
                <span aria-hidden className={`h-2 w-2 rounded-full ${segment.dot}`} />
                {segment.label}
              </dt>
              <dd className="font-semibold text-slate-900 tabular-nums" data-testid={`bulk-count-${segment.key}`}>
                {formatCount(view[segment.key])}
              </dd>
            </div>
          ))}
          <div>
            <dt className="flex items-center gap-1.5 text-xs text-slate-500">
              <span aria-hidden className="h-2 w-2 rounded-full bg-slate-200 ring-1 ring-slate-300" />
              Remaining
            </dt>
            <dd className="font-semibold text-slate-900 tabular-nums" data-testid="bulk-count-remaining">
              {formatCount(remaining)}
            </dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">{finished ? "Average rate" : "Rate"}</dt>
            <dd className="font-semibold text-slate-900 tabular-nums">{formatRate(shownRate)}</dd>
          </div>
          <div>
            <dt className="text-xs text-slate-500">Time left</dt>
            <dd className="font-semibold text-slate-900 tabular-nums">
              {view.status === "running" && remaining > 0
                ? formatDuration(left)
                : view.status === "paused"
                  ? "paused"
                  : "—"}
            </dd>
          </div>
        </dl>
      )}
    </div>
  );
}

/**
 * The bar, kept up to date: asks the server every second while the action
 * runs (every few seconds while it waits for approval or is paused) and stops
 * once it has finished. When the status changes, the page around it is
 * refreshed so that its buttons and tables follow.
 */
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
  const router = useRouter();
  const [view, setView] = useState(initial);
  const [seen, setSeen] = useState(initial);
  const [samples, setSamples] = useState<ProgressSample[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  // A fresher server render (after a button, or a refresh) replaces the polled view.
  if (initial !== seen) {
    setSeen(initial);
    setView(initial);
  }

  useEffect(() => {
    if (FINISHED.includes(view.status)) return;
    let stopped = false;
    const timer = setTimeout(
      async () => {
        const result = await poll().catch(() => ({ ok: false, message: "The server did not answer." }) as const);
        if (stopped) return;
        if (result.ok) {
          const at = Date.now();
          setProblem(null);
          setSamples((old) => [...old, { at, done: doneCount(result.view) }].slice(-SAMPLES_KEPT));
          setView(result.view);
          if (result.view.status !== view.status) router.refresh();
        } else {
          setProblem(result.message);
        }
        setTick((n) => n + 1);
      },
      // A tab in the background asks less often.
      view.status === "running" && document.visibilityState !== "hidden" ? RUNNING_POLL_MS : WAITING_POLL_MS,
    );
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [view, tick, poll, router]);

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
      {problem ? (
        <p role="status" className="mt-1 text-xs text-amber-800">
          Live updates paused: {problem} Retrying…
        </p>
      ) : null}
    </div>
  );
}

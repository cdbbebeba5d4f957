"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, type ReactNode } from "react";
import { formatCount } from "@/lib/format/numbers";
import { percentOf, type ProgressSample } from "@/lib/remediation/progress";
import type { PollResult } from "@/lib/work/contracts";

/** One part of the bar: its own colour, in the order drawn. */
export type WorkSegment = { key: string; label: string; color: string; count: number };
/** A figure beside the counts (rate, time left, retrying). */
export type WorkStat = { label: ReactNode; value: ReactNode };

/**
 * The progress of a campaign of work items (a bulk action's accounts, a
 * notice's customers), from its counts: a stacked bar of the settled
 * segments, then what remains, accessible as one progressbar whose value is
 * the per cent done; under it each count (or, compact, one line).
 */
export function WorkProgressBar({
  label,
  unit,
  total,
  segments,
  stats = [],
  testIds,
  compact = false,
  compactNote,
  compactAside,
}: {
  /** The progressbar's accessible name. */
  label: string;
  /** What is counted, as the value text says it: "accounts processed". */
  unit: string;
  total: number;
  segments: readonly WorkSegment[];
  /** After the counts and what remains. */
  stats?: readonly WorkStat[];
  /** data-testid of the counts list, and the prefix of each count's ("bulk-count" gives "bulk-count-failed"). */
  testIds: { counts: string; count: string };
  compact?: boolean;
  /** Compact: after "done / total (pct)", and on the right. */
  compactNote?: ReactNode;
  compactAside?: ReactNode;
}) {
  const done = segments.reduce((sum, s) => sum + s.count, 0);
  const remaining = Math.max(0, total - done);
  const pct = percentOf(done, total);
  const share = (part: number) => (total > 0 ? `${(part / total) * 100}%` : "0%");
  return (
    <div className={compact ? "space-y-1" : "space-y-2"}>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={`${formatCount(done)} of ${formatCount(total)} ${unit} (${pct}%)`}
        className={`flex w-full overflow-hidden rounded-full bg-slate-200 ${compact ? "h-2" : "h-4"}`}
      >
        {segments.map((s) => (
          <div
            key={s.key}
            className={`${s.color} h-full transition-[width] duration-500`}
            style={{ width: share(s.count) }}
          />
        ))}
      </div>
      {compact ? (
        <p className="flex flex-wrap justify-between gap-x-3 text-xs text-slate-600 tabular-nums">
          <span>
            {formatCount(done)} / {formatCount(total)} ({pct}%){compactNote}
          </span>
          {compactAside}
        </p>
      ) : (
        <dl
          className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4 lg:grid-cols-8"
          data-testid={testIds.counts}
        >
          <div>
            <dt className="text-xs text-slate-500">Progress</dt>
            <dd className="font-semibold text-slate-900 tabular-nums">{pct}%</dd>
          </div>
          {segments.map((s) => (
            <div key={s.key}>
              <dt className="flex items-center gap-1.5 text-xs text-slate-500">
                <span aria-hidden className={`h-2 w-2 rounded-full ${s.color}`} />
                {s.label}
              </dt>
              <dd className="font-semibold text-slate-900 tabular-nums" data-testid={`${testIds.count}-${s.key}`}>
                {formatCount(s.count)}
              </dd>
            </div>
          ))}
          <div>
            <dt className="flex items-center gap-1.5 text-xs text-slate-500">
              <span aria-hidden className="h-2 w-2 rounded-full bg-slate-200 ring-1 ring-slate-300" />
              Remaining
            </dt>
            <dd className="font-semibold text-slate-900 tabular-nums" data-testid={`${testIds.count}-remaining`}>
              {formatCount(remaining)}
            </dd>
          </div>
          {stats.map((stat, i) => (
            <div key={i}>
              <dt className="text-xs text-slate-500">{stat.label}</dt>
              <dd className="font-semibold text-slate-900 tabular-nums">{stat.value}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

export type { PollResult } from "@/lib/work/contracts";

const RUNNING_POLL_MS = 1_000;
const WAITING_POLL_MS = 5_000;
const SAMPLES_KEPT = 30;

/**
 * A campaign's live view: asks the server every second while it runs (every
 * few seconds while it waits for approval or is paused, or the tab is in the
 * background) and stops once it has finished. When the status changes, the
 * page around it is refreshed so that its buttons and tables follow. A
 * fresher server render (after a button, or a refresh) replaces the polled
 * view. `samples`: how many items were done when, for the rate. `working`:
 * a finished status whose last items are still being settled (a cancelled
 * action whose items already sent are confirmed with the exchange).
 */
export function useLiveWork<V extends { status: string }>(
  initial: V,
  poll: () => Promise<PollResult<V>>,
  options: { finished: readonly string[]; done: (view: V) => number; working?: (view: V) => boolean },
): { view: V; samples: ProgressSample[]; problem: string | null } {
  const router = useRouter();
  const [view, setView] = useState(initial);
  const [seen, setSeen] = useState(initial);
  const [samples, setSamples] = useState<ProgressSample[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  const { finished, done, working } = options;

  if (initial !== seen) {
    setSeen(initial);
    setView(initial);
  }

  useEffect(() => {
    if (finished.includes(view.status) && !working?.(view)) return;
    let stopped = false;
    const timer = setTimeout(
      async () => {
        const result = await poll().catch(() => ({ ok: false, message: "The server did not answer." }) as const);
        if (stopped) return;
        if (result.ok) {
          const at = Date.now();
          setProblem(null);
          setSamples((old) => [...old, { at, done: done(result.view) }].slice(-SAMPLES_KEPT));
          setView(result.view);
          // The page around follows a new status, or the end of a cancelled action's settling.
          if (result.view.status !== view.status || (working?.(view) && !working(result.view))) router.refresh();
        } else {
          setProblem(result.message);
        }
        setTick((n) => n + 1);
      },
      view.status === "running" && document.visibilityState !== "hidden" ? RUNNING_POLL_MS : WAITING_POLL_MS,
    );
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [view, tick, poll, router, finished, done, working]);

  return { view, samples, problem };
}

/** Said under a live bar while the server does not answer. */
export function LiveProblem({ problem }: { problem: string | null }) {
  return problem ? (
    <p role="status" className="mt-1 text-xs text-amber-800">
      Live updates paused: {problem} Retrying…
    </p>
  ) : null;
}

"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { formatCount } from "@/lib/format/numbers";
import type { NoticeStatus } from "./notice-status";

/** What the progress bar needs of a campaign: plain JSON. */
export type NoticeLiveView = {
  status: NoticeStatus;
  total: number;
  sent: number;
  bounced: number;
  failed: number;
  inDoubt: number;
  cancelled: number;
  deferred: number;
};

export type NoticePollResult = { ok: true; view: NoticeLiveView } | { ok: false; message: string };

const FINISHED: readonly NoticeStatus[] = ["rejected", "expired", "cancelled", "completed"];

const SEGMENTS = [
  { key: "sent", label: "Sent", color: "bg-emerald-500" },
  { key: "bounced", label: "Bounced", color: "bg-red-500" },
  { key: "failed", label: "Failed", color: "bg-red-800" },
  { key: "inDoubt", label: "In doubt", color: "bg-amber-400" },
  { key: "cancelled", label: "Cancelled", color: "bg-slate-400" },
] as const;

function settled(view: NoticeLiveView): number {
  return view.sent + view.bounced + view.failed + view.inDoubt + view.cancelled;
}

export function NoticeProgressBar({ view, compact = false }: { view: NoticeLiveView; compact?: boolean }) {
  const done = settled(view);
  const pct = view.total > 0 ? Math.floor((done / view.total) * 100) : 0;
  const remaining = Math.max(0, view.total - done);
  return (
    <div className={compact ? "space-y-1" : "space-y-3"}>
      <div
        role="progressbar"
        aria-label="Notices sent"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={pct}
        aria-valuetext={`${formatCount(done)} of ${formatCount(view.total)} customers done (${pct}%)`}
        className={`flex w-full overflow-hidden rounded-full bg-slate-200 ${compact ? "h-2" : "h-4"}`}
      >
        {SEGMENTS.map((s) => (
          <div
            key={s.key}
            className={`${s.color} h-full transition-[width] duration-500`}
            style={{ width: view.total > 0 ? `${(view[s.key] / view.total) * 100}%` : "0%" }}
          />
        ))}
      </div>
      {compact ? (
        <p className="text-xs text-slate-600 tabular-nums">
          {formatCount(done)} / {formatCount(view.total)} ({pct}%)
        </p>
      ) : (
        <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4 lg:grid-cols-8" data-testid="notice-counts">
          <div>
            <dt className="text-xs text-slate-500">Progress</dt>
            <dd className="font-semibold text-slate-900 tabular-nums">{pct}%</dd>
          </div>
          {SEGMENTS.map((s) => (
            <div key={s.key}>
              <dt className="flex items-center gap-1.5 text-xs text-slate-500">
                <span aria-hidden className={`h-2 w-2 rounded-full ${s.color}`} />
                {s.label}
              </dt>
              <dd className="font-semibold text-slate-900 tabular-nums" data-testid={`notice-count-${s.key}`}>
                {formatCount(view[s.key])}
              </dd>
            </div>
          ))}
          <div>
            <dt className="text-xs text-slate-500">Retrying</dt>
            <dd className="font-semibold text-slate-900 tabular-nums">{formatCount(view.deferred)}</dd>
          </div>
          <div>
            <dt className="flex items-center gap-1.5 text-xs text-slate-500">
              <span aria-hidden className="h-2 w-2 rounded-full bg-slate-200 ring-1 ring-slate-300" />
              Remaining
            </dt>
            <dd className="font-semibold text-slate-900 tabular-nums" data-testid="notice-count-remaining">
              {formatCount(remaining)}
            </dd>
          </div>
        </dl>
      )}
    </div>
  );
}

/** The bar, polled every second while the campaign sends (every 5 s while it waits); refreshes the page when the status changes. */
export function NoticeProgressLive({ initial, poll }: { initial: NoticeLiveView; poll: () => Promise<NoticePollResult> }) {
  const router = useRouter();
  const [view, setView] = useState(initial);
  const [seen, setSeen] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

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
          setProblem(null);
          setView(result.view);
          if (result.view.status !== view.status) router.refresh();
        } else setProblem(result.message);
        setTick((n) => n + 1);
      },
      view.status === "running" ? 1_000 : 5_000,
    );
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [view, tick, poll, router]);

  return (
    <div>
      <NoticeProgressBar view={view} />
      {problem ? (
        <p role="status" className="mt-1 text-xs text-amber-800">
          Live updates paused: {problem} Retrying…
        </p>
      ) : null}
    </div>
  );
}

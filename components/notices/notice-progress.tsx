"use client";

import { formatCount } from "@/lib/format/numbers";
import { LiveProblem, useLiveWork, WorkProgressBar } from "../work/work-progress";
import type { NoticeLiveView, NoticePollResult, NoticeStatus } from "@/lib/notify/contracts";

export type { NoticeLiveView, NoticePollResult } from "@/lib/notify/contracts";

const FINISHED: readonly NoticeStatus[] = ["rejected", "expired", "cancelled", "completed"];

function settled(view: NoticeLiveView): number {
  return view.sent + view.bounced + view.failed + view.inDoubt + view.cancelled;
}

/** The bar: sent, bounced, failed, in doubt, cancelled, then what remains (retrying among it). */
export function NoticeProgressBar({ view, compact = false }: { view: NoticeLiveView; compact?: boolean }) {
  return (
    <WorkProgressBar
      label="Notices sent"
      unit="customers done"
      total={view.total}
      segments={[
        { key: "sent", label: "Sent", color: "bg-emerald-500", count: view.sent },
        { key: "bounced", label: "Bounced", color: "bg-red-500", count: view.bounced },
        { key: "failed", label: "Failed", color: "bg-red-800", count: view.failed },
        { key: "inDoubt", label: "In doubt", color: "bg-amber-400", count: view.inDoubt },
        { key: "cancelled", label: "Cancelled", color: "bg-slate-400", count: view.cancelled },
      ]}
      stats={[{ label: "Retrying", value: formatCount(view.deferred) }]}
      testIds={{ counts: "notice-counts", count: "notice-count" }}
      compact={compact}
    />
  );
}

/** The bar, kept up to date (useLiveWork). */
export function NoticeProgressLive({
  initial,
  poll,
}: {
  initial: NoticeLiveView;
  poll: () => Promise<NoticePollResult>;
}) {
  const { view, problem } = useLiveWork(initial, poll, { finished: FINISHED, done: settled });
  return (
    <div>
      <NoticeProgressBar view={view} />
      <LiveProblem problem={problem} />
    </div>
  );
}

"use client";

import { useEffect, useState } from "react";
import { formatUtc } from "@/lib/format/dates";
import { formatDuration } from "@/lib/format/numbers";
import {
  ARTICLE_33_HOURS,
  clockState,
  formatCountdown,
  formatHoursMinutes,
  type ClockState,
} from "@/lib/timeline/clock";
import { LocalTime } from "./local-time";

type Props = {
  awareAt: string;
  deadline: string;
  /** When the regulator-notified milestone was reached, if it was. */
  metAt: string | null;
  /** The server's clock when it rendered: the first render uses it, so hydration matches. */
  serverNow: string;
};

function useNow(serverNow: string, ticking: boolean): number {
  const [now, setNow] = useState(() => Date.parse(serverNow));
  useEffect(() => {
    if (!ticking) return;
    const tick = () => setNow(Date.now());
    tick();
    const timer = window.setInterval(tick, 1000);
    return () => window.clearInterval(timer);
  }, [ticking]);
  return now;
}

const TONE = {
  running: "bg-brand-50 text-brand-700 ring-brand-100",
  due_soon: "bg-amber-50 text-amber-800 ring-amber-200",
  overdue: "bg-red-50 text-red-700 ring-red-200",
  met: "bg-emerald-50 text-emerald-700 ring-emerald-200",
  met_late: "bg-amber-50 text-amber-800 ring-amber-200",
} as const;

function headline(state: ClockState, awareAt: string): { label: string; value: string } {
  switch (state.status) {
    case "running":
    case "due_soon":
      return { label: "Notify the regulator within", value: formatCountdown(state.remainingMs) };
    case "overdue":
      return { label: "Regulator notification overdue by", value: formatDuration(state.overdueByMs) };
    case "met":
    case "met_late":
      return {
        label: state.status === "met" ? "Regulator notified after" : "Regulator notified late, after",
        value: formatHoursMinutes(state.metAt.getTime() - Date.parse(awareAt)),
      };
  }
}

/** The GDPR Article 33 clock, compact, for the incident header. */
export function Article33ClockBadge({ awareAt, deadline, metAt, serverNow }: Props) {
  const now = useNow(serverNow, metAt === null);
  const state = clockState(new Date(deadline), metAt ? new Date(metAt) : null, new Date(now));
  const { label, value } = headline(state, awareAt);
  return (
    <div
      role="timer"
      aria-label="GDPR Article 33 clock"
      data-status={state.status}
      className={`inline-flex max-w-full flex-wrap items-center gap-x-2 rounded-full px-3 py-1 text-xs font-medium ring-1 ring-inset ${TONE[state.status]}`}
    >
      <span className="font-semibold uppercase tracking-wide">Art. 33</span>
      <span>
        {label} <span className="font-mono font-semibold tabular-nums">{value}</span>
      </span>
    </div>
  );
}

/** The GDPR Article 33 clock in full, for the timeline page. */
export function Article33Clock({ awareAt, deadline, metAt, serverNow }: Props) {
  const now = useNow(serverNow, metAt === null);
  const state = clockState(new Date(deadline), metAt ? new Date(metAt) : null, new Date(now));
  const { label, value } = headline(state, awareAt);
  const total = ARTICLE_33_HOURS * 3_600_000;
  const end = state.status === "met" || state.status === "met_late" ? state.metAt.getTime() : now;
  const elapsed = Math.min(1, Math.max(0, (end - Date.parse(awareAt)) / total));
  const bar = {
    running: "bg-brand-500",
    due_soon: "bg-amber-500",
    overdue: "bg-red-500",
    met: "bg-emerald-500",
    met_late: "bg-amber-500",
  }[state.status];
  return (
    <div role="timer" aria-label="GDPR Article 33 clock" data-status={state.status} className="space-y-3">
      <div>
        <p className="text-xs font-medium text-slate-500">{label}</p>
        <p
          className={`mt-1 font-mono text-3xl font-semibold tabular-nums tracking-tight ${
            state.status === "overdue"
              ? "text-red-700"
              : state.status === "due_soon"
                ? "text-amber-700"
                : "text-slate-900"
          }`}
        >
          {value}
        </p>
      </div>
      <div className="h-1.5 overflow-hidden rounded-full bg-slate-100" aria-hidden>
        <div className={`h-full ${bar}`} style={{ width: `${(elapsed * 100).toFixed(2)}%` }} />
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-xs">
        <dt className="text-slate-500">T0</dt>
        <dd className="text-slate-800">{formatUtc(awareAt)}</dd>
        <dt className="text-slate-500">Deadline</dt>
        <dd className="text-slate-800">
          {formatUtc(deadline)}
          <LocalTime iso={deadline} prefix=" · " />
        </dd>
        {state.status === "met" || state.status === "met_late" ? (
          <>
            <dt className="text-slate-500">Notified</dt>
            <dd className="text-slate-800">
              {formatUtc(state.metAt)}{" "}
              <span className="text-slate-500">
                ({formatDuration(Math.abs(state.marginMs))} {state.marginMs >= 0 ? "before" : "after"} the deadline)
              </span>
            </dd>
          </>
        ) : null}
      </dl>
      <p className="text-xs leading-5 text-slate-500">
        GDPR Art. 33(1): notify the supervisory authority without undue delay and, where feasible, within 72 hours of
        becoming aware. Recording a &ldquo;Regulator notified&rdquo; milestone stops the clock.
      </p>
    </div>
  );
}

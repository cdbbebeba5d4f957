import "server-only";
import {
  bucketCount,
  bucketStarts,
  CHART_RANGES,
  chooseBucket,
  cumulative,
  defaultRange,
  rangeBucket,
  rangeHours,
  sumIntoBuckets,
  type ChartRange,
} from "../../lib/remediation-charts/buckets";
import {
  burndownFrom,
  firstActionFrom,
  funnelFrom,
  headlineFrom,
  statusByTierFrom,
} from "../../lib/remediation-charts/derive";
import type { ChartMilestone, ChartSeries, RemediationCharts, TimeBucket } from "../../lib/remediation-charts/types";
import { MILESTONE_LABELS, TIMELINE_MILESTONES } from "../../lib/timeline/categories";
import type { Db } from "../db";
import { getMilestoneTimes } from "../timeline/get-milestones";
import { countActionsByHour } from "./count-actions-by-hour";
import { countHoldExpiries } from "./count-hold-expiries";
import { countRemediationStatus } from "./count-remediation-status";
import { countTakeoverAttemptsByHour } from "./count-takeover-attempts-by-hour";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

type ChartIncident = { id: string; awareAt: Date; leakStartedAt: Date };

/**
 * Everything the remediation page draws, aggregated in SQL and bucketed here:
 * at most MAX_POINTS points per series whatever the incident's size, never a
 * customer row. Time axes run from T0 to the latest remediation or event
 * (at least a day), in buckets of an hour or wider as the span needs.
 */
export async function getRemediationCharts(
  db: Db,
  incident: ChartIncident,
  now = new Date(),
): Promise<RemediationCharts> {
  const [groups, actions, expiries, attempts, milestoneTimes] = await Promise.all([
    countRemediationStatus(db.sql, incident),
    countActionsByHour(db.sql, incident, now),
    countHoldExpiries(db.sql, incident.id, now),
    countTakeoverAttemptsByHour(db.sql, incident),
    getMilestoneTimes(db, incident),
  ]);
  const t0 = incident.awareAt.getTime();
  const lastHour = Math.max(
    23,
    ...groups.flatMap((g) => (g.hour === null ? [] : [g.hour])),
    ...Object.values(actions).flatMap((rows) => rows.map((r) => r.hour)),
    ...attempts.map((r) => r.hour),
  );
  const spanHours = lastHour + 1;

  // One window of the time charts: `hours` from T0 in buckets of `bucket`.
  // What happened after the window is left out of it (the burn-down counts
  // those accounts as still open at its end).
  const series = (hours: number, bucket: TimeBucket): ChartSeries => {
    const end = t0 + hours * HOUR_MS;
    const count = bucketCount(t0, end, bucket);
    const starts = bucketStarts(t0, bucket, count);
    const inside = <R extends { hour: number }>(rows: readonly R[]) => rows.filter((r) => r.hour < hours);
    const per = (rows: { hour: number; n: number }[]) => sumIntoBuckets(inside(rows), bucket, count);
    const resets = per(actions.reset);
    const holds = per(actions.hold);
    const releases = per(actions.release);
    const completed = per(actions.completed);
    const ended = per(actions.hold_end);
    const active = cumulative(holds.map((placed, i) => placed - ended[i]!));
    const before = per(attempts.map((r) => ({ hour: r.hour, n: r.beforeAction })));
    const after = per(attempts.map((r) => ({ hour: r.hour, n: r.afterAction })));
    const windowGroups = groups.map((g) => (g.hour !== null && g.hour >= hours ? { ...g, hour: null } : g));
    const milestones: ChartMilestone[] = TIMELINE_MILESTONES.flatMap((key) => {
      const at = milestoneTimes[key]?.getTime();
      return at !== undefined && at >= t0 && at <= end
        ? [{ key, label: key === "aware" ? "T0" : MILESTONE_LABELS[key], at }]
        : [];
    }).sort((a, b) => a.at - b.at);
    return {
      end,
      bucket,
      milestones,
      burndown: burndownFrom(windowGroups, t0, bucket, count),
      actions: starts.map((t, i) => ({
        t,
        resets: resets[i]!,
        holds: holds[i]!,
        releases: releases[i]!,
        completed: completed[i]!,
      })),
      activeHolds: starts.map((t, i) => ({ t: t + bucket.hours * HOUR_MS, active: active[i]! })),
      attempts: starts.map((t, i) => ({
        t,
        beforeAction: before[i]!,
        afterAction: after[i]!,
        actions: resets[i]! + holds[i]!,
      })),
    };
  };
  const whole = series(spanHours, chooseBucket(spanHours));
  const ranges = Object.fromEntries(
    CHART_RANGES.map((range) => [range, series(rangeHours(range, spanHours), rangeBucket(range, spanHours))]),
  ) as Record<ChartRange, ChartSeries>;

  return {
    t0,
    generatedAt: now.getTime(),
    ...whole,
    ranges,
    defaultRange: defaultRange(spanHours),
    headline: headlineFrom(groups, sumCounts(actions.release)),
    funnel: funnelFrom(groups),
    expiries: {
      ahead: expiries.perDay
        .sort((a, b) => a.day - b.day)
        .map((r) => ({ day: r.day, t: now.getTime() + r.day * DAY_MS, expiring: r.n })),
      later: expiries.later,
      indefinite: expiries.indefinite,
    },
    statusByTier: statusByTierFrom(groups),
    firstAction: firstActionFrom(groups),
  };
}

const sumCounts = (rows: readonly { n: number }[]) => rows.reduce((total, r) => total + r.n, 0);

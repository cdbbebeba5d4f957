import "server-only";
import {
  bucketCount,
  bucketStarts,
  chooseBucket,
  cumulative,
  sumIntoBuckets,
} from "../../lib/remediation-charts/buckets";
import {
  burndownFrom,
  firstActionFrom,
  funnelFrom,
  headlineFrom,
  statusByTierFrom,
} from "../../lib/remediation-charts/derive";
import type { ChartMilestone, RemediationCharts } from "../../lib/remediation-charts/types";
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
  const end = t0 + (lastHour + 1) * HOUR_MS;
  const bucket = chooseBucket(lastHour + 1);
  const count = bucketCount(t0, end, bucket);
  const starts = bucketStarts(t0, bucket, count);
  const per = (rows: { hour: number; n: number }[]) => sumIntoBuckets(rows, bucket, count);

  const resets = per(actions.reset);
  const holds = per(actions.hold);
  const releases = per(actions.release);
  const completed = per(actions.completed);
  const active = cumulative(holds.map((placed, i) => placed - per(actions.hold_end)[i]!));
  const before = per(attempts.map((r) => ({ hour: r.hour, n: r.beforeAction })));
  const after = per(attempts.map((r) => ({ hour: r.hour, n: r.afterAction })));

  const milestones: ChartMilestone[] = TIMELINE_MILESTONES.flatMap((key) => {
    const at = milestoneTimes[key]?.getTime();
    return at !== undefined && at >= t0 && at <= end
      ? [{ key, label: key === "aware" ? "T0" : MILESTONE_LABELS[key], at }]
      : [];
  }).sort((a, b) => a.at - b.at);

  return {
    t0,
    end,
    generatedAt: now.getTime(),
    bucket,
    milestones,
    headline: headlineFrom(groups),
    funnel: funnelFrom(groups),
    burndown: burndownFrom(groups, t0, bucket, count),
    actions: starts.map((t, i) => ({
      t,
      resets: resets[i]!,
      holds: holds[i]!,
      releases: releases[i]!,
      completed: completed[i]!,
    })),
    activeHolds: starts.map((t, i) => ({ t: t + bucket.hours * HOUR_MS, active: active[i]! })),
    expiries: {
      ahead: expiries.perDay
        .sort((a, b) => a.day - b.day)
        .map((r) => ({ day: r.day, t: now.getTime() + r.day * DAY_MS, expiring: r.n })),
      later: expiries.later,
      indefinite: expiries.indefinite,
    },
    statusByTier: statusByTierFrom(groups),
    firstAction: firstActionFrom(groups),
    attempts: starts.map((t, i) => ({
      t,
      beforeAction: before[i]!,
      afterAction: after[i]!,
      actions: resets[i]! + holds[i]!,
    })),
  };
}

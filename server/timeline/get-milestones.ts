import { TIMELINE_MILESTONES } from "../../lib/timeline/categories";
import type { MilestoneTimes } from "../../lib/timeline/durations";
import type { Db } from "../db";
import { preparedSql } from "../db/driver";

const MILESTONES = preparedSql(
  "incident-milestones",
  `SELECT milestone::text AS milestone, occurred_at FROM timeline_events
      WHERE incident_id = $1::uuid AND milestone IS NOT NULL AND retracted_at IS NULL
      ORDER BY occurred_at, id`,
);

type MilestoneRow = { milestone: string; occurred_at: Date | string };

/** The milestone times from an incident's milestone events, oldest first (as MILESTONES and the incident page's read give them). */
export function milestoneTimesFrom(
  rows: readonly MilestoneRow[],
  incident: { leakStartedAt: Date; awareAt: Date },
): MilestoneTimes {
  const times = Object.fromEntries(TIMELINE_MILESTONES.map((m) => [m, null])) as MilestoneTimes;
  for (const row of rows) {
    const milestone = row.milestone as keyof MilestoneTimes;
    if (milestone in times && !times[milestone]) times[milestone] = new Date(row.occurred_at);
  }
  times.leak_started = incident.leakStartedAt;
  times.aware = incident.awareAt;
  return times;
}

/**
 * When the incident reached each milestone. Leak start and T0 are the
 * incident's own fields (what its header shows); the others are the earliest
 * event marking them that has not been retracted.
 */
export async function getMilestoneTimes(
  db: Db,
  incident: { id: string; leakStartedAt: Date; awareAt: Date },
): Promise<MilestoneTimes> {
  // SQL rather than Prisma: every incident page's header reads it (docs/benchmarks.md, pages under load).
  return milestoneTimesFrom(await db.sql.query<MilestoneRow>(MILESTONES, [incident.id]), incident);
}

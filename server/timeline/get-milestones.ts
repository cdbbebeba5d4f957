import { TIMELINE_MILESTONES } from "../../lib/timeline/categories";
import type { MilestoneTimes } from "../../lib/timeline/durations";
import type { Db } from "../db";

/**
 * When the incident reached each milestone. Leak start and T0 are the
 * incident's own fields (what its header shows); the others are the earliest
 * event marking them that has not been retracted.
 */
export async function getMilestoneTimes(
  db: Db,
  incident: { id: string; leakStartedAt: Date; awareAt: Date },
): Promise<MilestoneTimes> {
  const rows = await db.prisma.timelineEvent.findMany({
    where: { incidentId: incident.id, milestone: { not: null }, retractedAt: null },
    orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
    select: { milestone: true, occurredAt: true },
  });
  const times = Object.fromEntries(TIMELINE_MILESTONES.map((m) => [m, null])) as MilestoneTimes;
  for (const row of rows) if (row.milestone && !times[row.milestone]) times[row.milestone] = row.occurredAt;
  times.leak_started = incident.leakStartedAt;
  times.aware = incident.awareAt;
  return times;
}

import "server-only";
import type { Db } from "../db";
import { memoUntilStatsMove, type IncidentVersion } from "../incidents/memo-until-stats-move";

type ExposureGroupOption = { id: number; batchKey: string; sentAt: Date | null; recipientCount: number };
export type TriageFilterOptions = { countries: string[]; groups: ExposureGroupOption[] };

// The countries among an incident's exposed accounts take a DISTINCT over all
// its triage rows (20 ms of the database's time at 23,000 rows, on every view
// of the Exposed accounts table), yet only an import changes them.
const countriesOf = memoUntilStatsMove(async (db, incidentId) => {
  const rows = await db.sql.query<{ country: string }>(
    `SELECT DISTINCT country::text AS country FROM triage_entries
      WHERE incident_id = $1 AND country IS NOT NULL ORDER BY 1`,
    [incidentId],
  );
  return rows.map((row) => row.country.trim());
});

// The exposing messages change only with an import too; read once per stats version.
const groupsOf = memoUntilStatsMove((db, incidentId) =>
  db.prisma.leakMessage.findMany({
    where: { incidentId },
    orderBy: [{ sentAt: "asc" }, { id: "asc" }],
    select: { id: true, batchKey: true, sentAt: true, recipientCount: true },
  }),
);

/** The values the filter bar offers: countries present among the exposed, and the exposing messages. */
export async function listTriageFilterOptions(db: Db, incident: IncidentVersion): Promise<TriageFilterOptions> {
  const [countries, groups] = await Promise.all([countriesOf(db, incident), groupsOf(db, incident)]);
  return { countries, groups };
}

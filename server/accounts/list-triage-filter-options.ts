import "server-only";
import type { Db } from "../db";

export type ExposureGroupOption = { id: number; batchKey: string; sentAt: Date | null; recipientCount: number };
export type TriageFilterOptions = { countries: string[]; groups: ExposureGroupOption[] };

/**
 * The countries among an incident's exposed accounts take a DISTINCT over all
 * its triage rows (20 ms of the database's time at 23,000 rows, on every view
 * of the Exposed accounts table), yet only an import changes them. So each
 * process remembers them per incident for its stats version: every import
 * refreshes incident_stats, which moves `updated_at`.
 */
const countriesByIncident = new Map<string, { version: string; countries: Promise<string[]> }>();
const MAX_REMEMBERED_INCIDENTS = 64;

function countriesOf(db: Db, incident: { id: string; stats?: { updatedAt: Date } | null }): Promise<string[]> {
  const version = incident.stats?.updatedAt.toISOString() ?? "none";
  const known = countriesByIncident.get(incident.id);
  if (known?.version === version) return known.countries;
  const countries = db.sql
    .query<{ country: string }>(
      `SELECT DISTINCT country::text AS country FROM triage_entries
        WHERE incident_id = $1 AND country IS NOT NULL ORDER BY 1`,
      [incident.id],
    )
    .then((rows) => rows.map((row) => row.country.trim()));
  if (countriesByIncident.size >= MAX_REMEMBERED_INCIDENTS) countriesByIncident.clear();
  countriesByIncident.set(incident.id, { version, countries });
  // A failed read is not remembered.
  countries.catch(() => {
    if (countriesByIncident.get(incident.id)?.countries === countries) countriesByIncident.delete(incident.id);
  });
  return countries;
}

/** The values the filter bar offers: countries present among the exposed, and the exposing messages. */
export async function listTriageFilterOptions(
  db: Db,
  incident: { id: string; stats?: { updatedAt: Date } | null },
): Promise<TriageFilterOptions> {
  const [countries, groups] = await Promise.all([
    countriesOf(db, incident),
    db.prisma.leakMessage.findMany({
      where: { incidentId: incident.id },
      orderBy: [{ sentAt: "asc" }, { id: "asc" }],
      select: { id: true, batchKey: true, sentAt: true, recipientCount: true },
    }),
  ]);
  return { countries, groups };
}

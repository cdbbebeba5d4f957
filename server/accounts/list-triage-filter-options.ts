import "server-only";
import type { Db } from "../db";

export type ExposureGroupOption = { id: number; batchKey: string; sentAt: Date | null; recipientCount: number };
export type TriageFilterOptions = { countries: string[]; groups: ExposureGroupOption[] };

/** The values the filter bar offers: countries present among the exposed, and the exposing messages. */
export async function listTriageFilterOptions(db: Db, incidentId: string): Promise<TriageFilterOptions> {
  const [countries, groups] = await Promise.all([
    db.sql.query<{ country: string }>(
      `SELECT DISTINCT country::text AS country FROM triage_entries
        WHERE incident_id = $1 AND country IS NOT NULL ORDER BY 1`,
      [incidentId],
    ),
    db.prisma.leakMessage.findMany({
      where: { incidentId },
      orderBy: [{ sentAt: "asc" }, { id: "asc" }],
      select: { id: true, batchKey: true, sentAt: true, recipientCount: true },
    }),
  ]);
  return { countries: countries.map((row) => row.country.trim()), groups };
}

import type { PackReason } from "../../../lib/evidence/manifest";
import type { SqlQueryable } from "../../db/driver";

export type DuePack = { incident_id: string; slug: string; reason: Extract<PackReason, "close" | "erasure"> };

/**
 * Incidents owed a pack: closed with no pack made since they closed, or with
 * a forget run done (pseudonymise or erase) and no pack made since it
 * finished (that pack carries the certificate of erasure). `incidentId`
 * narrows it to one incident (the re-check under its row lock).
 */
export function findDuePacks(sql: SqlQueryable, limit: number, incidentId: string | null = null): Promise<DuePack[]> {
  return sql.query<DuePack>(
    `SELECT incident_id, slug, reason FROM (
       SELECT i.id::text AS incident_id, i.slug, 'close' AS reason, i.closed_at AS due_since
         FROM incidents i
        WHERE i.closed_at IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM incident_evidence_packs p WHERE p.incident_id = i.id AND p.made_at >= i.closed_at)
       UNION ALL
       SELECT i.id::text, i.slug, 'erasure', max(r.finished_at)
         FROM incidents i JOIN incident_forget_runs r ON r.incident_id = i.id AND r.status = 'done'
        GROUP BY i.id, i.slug
       HAVING NOT EXISTS (SELECT 1 FROM incident_evidence_packs p WHERE p.incident_id = i.id AND p.made_at >= max(r.finished_at))
     ) due
     WHERE $2::uuid IS NULL OR incident_id = $2::text
     ORDER BY due_since, reason
     LIMIT $1`,
    [limit, incidentId],
  );
}

import type { SqlQueryable } from "../../db/driver";
import type { Column, Row } from "../../db/rows";

export type EvidencePackRow = Row<"incident_evidence_packs", "id" | "made_at" | "reason" | "bytes" | "sha256"> & {
  made_by: Column<"staff_users", "name"> | null;
};

/** The incident's packs, newest first, without their bytes. */
export function listEvidencePackRows(sql: SqlQueryable, incidentId: string): Promise<EvidencePackRow[]> {
  return sql.query<EvidencePackRow>(
    `SELECT p.id::text AS id, p.made_at, p.reason::text AS reason, p.bytes, p.sha256, s.name AS made_by
       FROM incident_evidence_packs p LEFT JOIN staff_users s ON s.id = p.made_by_id
      WHERE p.incident_id = $1::uuid
      ORDER BY p.made_at DESC, p.id DESC`,
    [incidentId],
  );
}

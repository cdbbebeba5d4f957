import type { SqlQueryable } from "../../db/driver";
import type { Row } from "../../db/rows";

export type EvidencePackZipRow = Row<"incident_evidence_packs", "id" | "made_at" | "reason" | "zip" | "sha256">;

/** One pack's zip, scoped to its incident (null when the id names none of its packs). */
export async function readEvidencePackZip(
  sql: SqlQueryable,
  incidentId: string,
  packId: string,
): Promise<EvidencePackZipRow | null> {
  const [row] = await sql.query<EvidencePackZipRow>(
    `SELECT id::text AS id, made_at, reason::text AS reason, zip, sha256
       FROM incident_evidence_packs WHERE incident_id = $1::uuid AND id = $2::uuid`,
    [incidentId, packId],
  );
  return row ?? null;
}

import "server-only";
import type { EvidencePackView } from "../../lib/evidence/pack-view";
import type { Db } from "../db";
import { listEvidencePackRows } from "./sql/list-evidence-packs";

/** The incident's packs, newest first (the report page's section and the API's list). */
export async function listEvidencePacks(db: Db, incidentId: string): Promise<EvidencePackView[]> {
  const rows = await listEvidencePackRows(db.sql, incidentId);
  return rows.map((row) => ({
    id: row.id,
    madeAt: new Date(row.made_at).toISOString(),
    reason: row.reason,
    bytes: Number(row.bytes),
    sha256: row.sha256,
    madeBy: row.made_by,
  }));
}

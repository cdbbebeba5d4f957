import type { PackReason } from "../../../lib/evidence/manifest";
import type { SqlQueryable } from "../../db/driver";

export type NewPack = {
  incidentId: string;
  madeAt: Date;
  reason: PackReason;
  madeById: string | null;
  zip: Buffer;
  sha256: string;
};

export async function insertEvidencePack(sql: SqlQueryable, pack: NewPack): Promise<string> {
  const [row] = await sql.query<{ id: string }>(
    `INSERT INTO incident_evidence_packs (id, incident_id, made_at, reason, made_by_id, zip, bytes, sha256)
     VALUES (gen_random_uuid(), $1::uuid, $2::timestamptz, $3::"EvidencePackReason", $4::uuid, $5, $6, $7)
     RETURNING id::text AS id`,
    [pack.incidentId, pack.madeAt.toISOString(), pack.reason, pack.madeById, pack.zip, pack.zip.length, pack.sha256],
  );
  return row!.id;
}

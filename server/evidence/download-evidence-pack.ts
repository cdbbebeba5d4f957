import "server-only";
import type { AuditActor } from "../audit/record-audit";
import { recordAuditEntry } from "../audit/record-audit-entry";
import type { Db } from "../db";
import { AppError } from "../errors";
import { readEvidencePackZip } from "./sql/read-evidence-pack-zip";

const EVIDENCE_PACK_DOWNLOADED = "evidence_pack.downloaded";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A pack's zip for download, audited: the evidence leaves the building. */
export async function downloadEvidencePack(
  db: Db,
  incident: { id: string; slug: string },
  packId: string,
  actor: AuditActor,
  ip: string | null = null,
): Promise<{ fileName: string; zip: Buffer; sha256: string }> {
  const row = UUID.test(packId) ? await readEvidencePackZip(db.sql, incident.id, packId) : null;
  if (!row) throw new AppError("NOT_FOUND", "No such evidence pack for this incident.");
  await recordAuditEntry(db, {
    actor,
    action: EVIDENCE_PACK_DOWNLOADED,
    incidentId: incident.id,
    targetType: "evidence_pack",
    targetId: row.id,
    detail: { sha256: row.sha256 },
    ip,
  });
  const stamp = new Date(row.made_at).toISOString().replace(/[-:]/g, "").replace(/\..*$/, "Z");
  return { fileName: `${incident.slug}-evidence-${stamp}.zip`, zip: Buffer.from(row.zip), sha256: row.sha256 };
}

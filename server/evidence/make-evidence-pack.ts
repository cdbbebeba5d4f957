import "server-only";
import type { PackReason } from "../../lib/evidence/manifest";
import { appendAuditEntries, type AuditActor } from "../audit/record-audit";
import type { Db } from "../db";
import type { IncidentWithStats } from "../incidents/get-incident";
import { crashPoint } from "../jobs/crash-point";
import { buildEvidencePack } from "./build-evidence-pack";
import { databaseNow } from "./sql/database-now";
import { findDuePacks } from "./sql/find-due-packs";
import { insertEvidencePack } from "./sql/insert-evidence-pack";
import { lockIncident } from "./sql/lock-incident";

const EVIDENCE_PACK_MADE = "evidence_pack.made";

export type MadePack = { id: string; madeAt: Date; reason: PackReason; sha256: string; bytes: number };

/**
 * Makes the incident's evidence pack and keeps it, with its audit entry. A
 * sweep's pack ("close", "erasure") is stored only if, under the incident's
 * row lock, it is still owed: two workers that made the same one store one.
 * Returns null when it was not stored for that reason.
 */
export async function makeEvidencePack(
  db: Db,
  incident: IncidentWithStats,
  reason: PackReason,
  actor: AuditActor = null,
): Promise<MadePack | null> {
  const madeAt = await databaseNow(db.sql);
  const pack = await buildEvidencePack(db, incident, reason, madeAt);
  return db.sql.transaction(async (tx) => {
    if (!(await lockIncident(tx, incident.id))) return null;
    if (reason !== "on_demand") {
      const due = await findDuePacks(tx, 2, incident.id);
      if (!due.some((d) => d.reason === reason)) return null;
    }
    const id = await insertEvidencePack(tx, {
      incidentId: incident.id,
      madeAt,
      reason,
      madeById: actor?.id ?? null,
      zip: pack.zip,
      sha256: pack.sha256,
    });
    await appendAuditEntries(tx, [
      {
        actor,
        action: EVIDENCE_PACK_MADE,
        incidentId: incident.id,
        targetType: "evidence_pack",
        targetId: id,
        detail: { reason, sha256: pack.sha256, bytes: pack.zip.length },
      },
    ]);
    await crashPoint("evidence-store");
    return { id, madeAt, reason, sha256: pack.sha256, bytes: pack.zip.length };
  });
}

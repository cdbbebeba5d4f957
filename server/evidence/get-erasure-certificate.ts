import "server-only";
import { erasureCertificate, type ErasureCertificate } from "../../lib/evidence/erasure-certificate";
import type { Db } from "../db";
import { listDoneForgetRuns } from "./sql/list-done-forget-runs";

type CertificateIncident = { id: string; slug: string; pseudonymisedAt: Date | null; erasedAt: Date | null };

/** The incident's certificate of erasure (the report and the evidence pack); null until a forget run is done. */
export async function getErasureCertificate(
  db: Db,
  incident: CertificateIncident,
  now = new Date(),
): Promise<ErasureCertificate | null> {
  const runs = await listDoneForgetRuns(db.sql, incident.id);
  return erasureCertificate(
    incident,
    runs.map((run) => ({
      id: run.id,
      step: run.step,
      counts: run.counts,
      startedAt: run.started_at === null ? null : new Date(run.started_at),
      finishedAt: new Date(run.finished_at),
      auditHeadBefore: run.audit_head_before,
      auditHeadAfter: run.audit_head_after,
    })),
    now,
  );
}

import "server-only";
import type { Db } from "../db";
import { recordAudit } from "./record-audit";
import { verifyAuditChain, type AuditChainReport } from "./verify-audit-chain";

/** Walks the whole chain now and records that it was checked, with what was found. */
export async function verifyAndRecordAuditChain(db: Db, actor: { id: string; email: string }): Promise<AuditChainReport> {
  const report = await verifyAuditChain(db.sql);
  await recordAudit(db.prisma, {
    actor: { id: actor.id, email: actor.email },
    action: "audit.verified",
    detail: { entries: report.entries, ok: report.ok, head: report.head, ...(report.firstBad ? { firstBad: report.firstBad } : {}) },
  });
  return report;
}

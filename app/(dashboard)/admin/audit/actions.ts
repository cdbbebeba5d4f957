"use server";

import type { AuditChainReport } from "@/server/audit/verify-audit-chain";
import { verifyAuditChain } from "@/server/audit/verify-audit-chain";
import { actionError } from "@/server/action-errors";
import { recordAudit } from "@/server/audit/record-audit";
import { authorize } from "@/server/auth/session";
import { getDb } from "@/server/db";

export type VerifyResult = { ok: true; report: AuditChainReport } | { ok: false; message: string };

/** Walks the whole chain now (seconds for a million entries); the check itself is audited. */
export async function verifyAuditChainAction(): Promise<VerifyResult> {
  try {
    const user = await authorize("audit.read");
    const db = await getDb();
    const report = await verifyAuditChain(db.sql);
    await recordAudit(db.prisma, {
      actor: { id: user.id, email: user.email },
      action: "audit.verified",
      detail: { entries: report.entries, ok: report.ok, head: report.head, ...(report.firstBad ? { firstBad: report.firstBad } : {}) },
    });
    return { ok: true, report };
  } catch (error) {
    return { ok: false, message: actionError(error).message };
  }
}

import "server-only";
import type { Db } from "../db";
import { recordAudit, type AuditEntry } from "./record-audit";

/** recordAudit for callers holding the database handle (route handlers), outside any transaction. */
export async function recordAuditEntry(db: Db, entry: AuditEntry): Promise<void> {
  await recordAudit(db.prisma, entry);
}

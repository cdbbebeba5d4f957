import "server-only";
import type { Db } from "../db";
import { verifyAuditChain, type AuditChainReport } from "./verify-audit-chain";

/** Walks the whole audit chain now, recording nothing (the REST API's read). */
export async function checkAuditChain(db: Db): Promise<AuditChainReport> {
  return verifyAuditChain(db.sql);
}

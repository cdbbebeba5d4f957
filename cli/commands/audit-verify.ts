import { verifyAuditChain, type AuditChainReport } from "../../server/audit/verify-audit-chain";
import { withDb, type CommandContext } from "../context";

export type AuditVerifyOutput = Pick<AuditChainReport, "entries" | "ok" | "head" | "firstBad">;

/**
 * `breachdesk audit verify`: walks the audit chain. The last stdout line is
 * `{"entries","ok","head","firstBad"?}`; the exit code is 1 when the chain is
 * broken (see main.ts).
 */
export async function runAuditVerify(ctx: CommandContext): Promise<AuditVerifyOutput> {
  const report = await withDb(ctx, (db) => verifyAuditChain(db.sql));
  const rate = report.ms > 0 ? Math.round((report.entries / report.ms) * 1000) : report.entries;
  ctx.log(
    `Verified ${report.entries} audit entries in ${report.ms} ms (${rate} entries/s), up to id ${report.lastId}.`,
  );
  if (report.ok) ctx.log(`The chain is intact. Head hash: ${report.head}`);
  else ctx.log(`The chain is BROKEN at entry ${report.firstBad?.id} (${JSON.stringify(report.firstBad)}).`);
  return {
    entries: report.entries,
    ok: report.ok,
    head: report.head,
    ...(report.firstBad ? { firstBad: report.firstBad } : {}),
  };
}

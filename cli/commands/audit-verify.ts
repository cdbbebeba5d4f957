import { verifyAuditChain, type AuditChainReport } from "../../server/audit/verify-audit-chain";
import { AppError } from "../../server/errors";
import { withDb, type CommandContext } from "../context";

export type AuditVerifyOutput = Pick<AuditChainReport, "entries" | "ok" | "head" | "firstBad"> & {
  /** With --head: whether the chain still holds that head (from a report or an `audit.head` log line). */
  recordedHead?: { id: number; onChain: boolean };
};

/**
 * `breachdesk audit verify [--head <id>:<hash>]`: walks the audit chain
 * (keyed links with the audit key, older ones with SHA-256). The last stdout
 * line is `{"entries","ok","head","firstBad"?,"recordedHead"?}`; the exit code
 * is 1 when the chain is broken or no longer holds the recorded head (see main.ts).
 */
export async function runAuditVerify(
  ctx: CommandContext,
  values: Record<string, string | boolean | undefined> = {},
): Promise<AuditVerifyOutput> {
  const recorded = typeof values.head === "string" ? parseHead(values.head) : null;
  const { report, onChain } = await withDb(ctx, async (db) => {
    const report = await verifyAuditChain(db.sql);
    if (!recorded) return { report, onChain: null };
    const [row] = await db.sql.query<{ hash: string | null }>(`SELECT hash FROM audit_log WHERE id = $1`, [
      recorded.id,
    ]);
    return { report, onChain: row?.hash === recorded.hash && recorded.id <= report.lastId };
  });
  const rate = report.ms > 0 ? Math.round((report.entries / report.ms) * 1000) : report.entries;
  ctx.log(
    `Verified ${report.entries} audit entries in ${report.ms} ms (${rate} entries/s), up to id ${report.lastId}.`,
  );
  if (report.ok) ctx.log(`The chain is intact. Head hash: ${report.head}`);
  else ctx.log(`The chain is BROKEN at entry ${report.firstBad?.id} (${JSON.stringify(report.firstBad)}).`);
  if (recorded) {
    ctx.log(
      onChain
        ? `The recorded head (entry ${recorded.id}) is on the chain.`
        : `The recorded head (entry ${recorded.id}) is NOT on the chain: the history was cut or replaced.`,
    );
  }
  return {
    entries: report.entries,
    ok: report.ok && onChain !== false,
    head: report.head,
    ...(report.firstBad ? { firstBad: report.firstBad } : {}),
    ...(recorded ? { recordedHead: { id: recorded.id, onChain: onChain === true } } : {}),
  };
}

function parseHead(text: string): { id: number; hash: string } {
  const match = /^(\d{1,10}):([0-9a-f]{64})$/.exec(text.trim());
  if (!match)
    throw new AppError("VALIDATION", "--head must be <entry id>:<64 hex hash>", { head: "expected <id>:<hash>" });
  return { id: Number(match[1]), hash: match[2]! };
}

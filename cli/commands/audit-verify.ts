import { verifyAuditChain, type AuditChainReport } from "../../server/audit/verify-audit-chain";
import { AppError } from "../../server/errors";
import { compareWithSiem, readChainCopies, type SiemComparison } from "../../server/siem/verify-against";
import { withDb, type CommandContext } from "../context";

export type AuditVerifyOutput = Pick<AuditChainReport, "entries" | "ok" | "head" | "firstBad"> & {
  /** With --head: whether the chain still holds that head (from a report or an `audit.head` log line). */
  recordedHead?: { id: number; onChain: boolean };
  /** With --against: the SIEM's copy of the chain compared with the database's. */
  siem?: SiemComparison;
};

/**
 * `breachdesk audit verify [--head <id>:<hash>] [--against <file>]`: walks the audit chain
 * (keyed links with the audit key, older ones with SHA-256). The last stdout
 * line is `{"entries","ok","head","firstBad"?,"recordedHead"?}`; the exit code
 * is 1 when the chain is broken or no longer holds the recorded head (see main.ts).
 */
export async function runAuditVerify(
  ctx: CommandContext,
  values: Record<string, string | boolean | undefined> = {},
): Promise<AuditVerifyOutput> {
  const recorded = typeof values.head === "string" ? parseHead(values.head) : null;
  const copies = typeof values.against === "string" ? await readChainCopies(values.against) : null;
  const { report, onChain, siem } = await withDb(ctx, async (db) => {
    const report = await verifyAuditChain(db.sql);
    const siem = copies ? await compareWithSiem(db.sql, copies) : undefined;
    if (!recorded) return { report, onChain: null, siem };
    const [row] = await db.sql.query<{ hash: string | null }>(`SELECT hash FROM audit_log WHERE id = $1`, [
      recorded.id,
    ]);
    return { report, onChain: row?.hash === recorded.hash && recorded.id <= report.lastId, siem };
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
  if (siem) logSiemComparison(ctx, siem);
  return {
    entries: report.entries,
    ok: report.ok && onChain !== false && (siem?.ok ?? true),
    head: report.head,
    ...(report.firstBad ? { firstBad: report.firstBad } : {}),
    ...(recorded ? { recordedHead: { id: recorded.id, onChain: onChain === true } } : {}),
    ...(siem ? { siem } : {}),
  };
}

function logSiemComparison(ctx: CommandContext, siem: SiemComparison): void {
  ctx.log(
    `SIEM copy: ${siem.lines} lines, ${siem.duplicates} duplicates, ${siem.unrecognised} not entries; ` +
      (siem.range ? `entries ${siem.range.first} to ${siem.range.last}, ${siem.compared} compared.` : "no entries."),
  );
  if (siem.firstDifference) {
    const d = siem.firstDifference;
    ctx.log(`The SIEM's copy and the database DIFFER at entry ${d.id}: ${d.problem} (${JSON.stringify(d)}).`);
  } else if (siem.ok) {
    ctx.log(`The SIEM's copy matches the database.${siem.notYetForwarded ? ` ${siem.notYetForwarded} later entries not forwarded yet.` : ""}`);
  } else ctx.log("The file holds no forwarded audit entries.");
}

function parseHead(text: string): { id: number; hash: string } {
  const match = /^(\d{1,10}):([0-9a-f]{64})$/.exec(text.trim());
  if (!match)
    throw new AppError("VALIDATION", "--head must be <entry id>:<64 hex hash>", { head: "expected <id>:<hash>" });
  return { id: Number(match[1]), hash: match[2]! };
}

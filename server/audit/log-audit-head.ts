import type { SqlQueryable } from "../db/driver";
import { env } from "../env";
import { log } from "../log";

export type SignedAuditHead = { lastId: number; hash: string; mac: string | null };

/** The chain's head and its HMAC, without counting entries (cheap enough for every bulk action's end). */
export async function readSignedAuditHead(sql: SqlQueryable): Promise<SignedAuditHead | null> {
  const [row] = await sql.query<{ last_id: number; hash: string; mac: string | null }>(
    `SELECT last_id, hash, mac FROM audit_chain_head WHERE id = 1`,
  );
  return row ? { lastId: Number(row.last_id), hash: row.hash, mac: row.mac } : null;
}

/**
 * Writes the chain's head to the server log, which the database's users
 * cannot change (ship it to a log store of its own): a later `audit verify`
 * head that does not descend from a logged one shows the history was cut or
 * rewritten. One JSON line, event "audit.head".
 */
export async function logAuditHead(sql: SqlQueryable, reason: "periodic" | "bulk_action_finished"): Promise<void> {
  const head = await readSignedAuditHead(sql);
  if (!head) return;
  log.info("audit.head", {
    action: reason,
    auditLastId: String(head.lastId),
    auditHead: head.hash,
    auditHeadMac: head.mac ?? "unsigned",
  });
}

/**
 * The worker's periodic head line: the first call logs, then at most once
 * every BREACHDESK_AUDIT_HEAD_LOG_MINUTES (0: never; bulk action ends still
 * log). `nowMs` is passed in so the schedule is testable.
 */
export function periodicAuditHeadLog(): (sql: SqlQueryable, nowMs: number) => Promise<boolean> {
  const intervalMs = env().BREACHDESK_AUDIT_HEAD_LOG_MINUTES * 60_000;
  let last: number | null = null;
  return async (sql, nowMs) => {
    if (intervalMs === 0 || (last !== null && nowMs - last < intervalMs)) return false;
    last = nowMs;
    await logAuditHead(sql, "periodic");
    return true;
  };
}

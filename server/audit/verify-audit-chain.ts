import { ChainVerifier, GENESIS_HASH, type ChainBreak, type ChainRow } from "../../lib/audit/chain";
import type { SqlQueryable } from "../db/driver";

export type AuditChainReport = {
  entries: number;
  ok: boolean;
  /** The hash of the last entry: write it down outside the system to pin the history. */
  head: string;
  lastId: number;
  firstBad?: ChainBreak | { id: number; problem: "head-mismatch" };
  ms: number;
};

type Row = {
  id: number;
  at: Date | string;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  incident_id: string | null;
  target_type: string | null;
  target_id: string | null;
  detail: unknown;
  ip: string | null;
  prev_hash: string | null;
  hash: string | null;
};

const PAGE = 20_000;

/**
 * Walks the whole audit chain in id order, a page at a time, and checks every
 * entry's hash and link, then that the chain ends where the head row says
 * (entries removed from the end show there). Reads only.
 */
export async function verifyAuditChain(sql: SqlQueryable): Promise<AuditChainReport> {
  const started = performance.now();
  const verifier = new ChainVerifier();
  let after = 0;
  let lastId = 0;
  for (;;) {
    const rows = await sql.query<Row>(
      `SELECT id, at, actor_id::text, actor_email, action, incident_id::text, target_type, target_id, detail, ip, prev_hash, hash
         FROM audit_log WHERE id > $1 ORDER BY id LIMIT ${PAGE}`,
      [after],
    );
    if (rows.length === 0) break;
    const chainRows: ChainRow[] = rows.map((row) => ({
      id: Number(row.id),
      at: new Date(row.at),
      actorId: row.actor_id,
      actorEmail: row.actor_email,
      action: row.action,
      incidentId: row.incident_id,
      targetType: row.target_type,
      targetId: row.target_id,
      detail: row.detail,
      ip: row.ip,
      prevHash: row.prev_hash,
      hash: row.hash,
    }));
    if (!verifier.feed(chainRows)) break;
    after = Number(rows[rows.length - 1]!.id);
    lastId = after;
  }
  const [head] = await sql.query<{ last_id: number; hash: string }>(`SELECT last_id, hash FROM audit_chain_head WHERE id = 1`);
  let firstBad: AuditChainReport["firstBad"] = verifier.firstBad ?? undefined;
  if (!firstBad) {
    const expectedHash = head?.hash ?? GENESIS_HASH;
    const expectedId = Number(head?.last_id ?? 0);
    if (expectedHash !== verifier.head || expectedId !== lastId) firstBad = { id: expectedId, problem: "head-mismatch" };
  }
  return {
    entries: verifier.entries,
    ok: firstBad === undefined,
    head: verifier.head,
    lastId,
    ...(firstBad ? { firstBad } : {}),
    ms: Math.round(performance.now() - started),
  };
}

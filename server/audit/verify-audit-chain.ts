import { ChainVerifier, GENESIS_HASH, type ChainBreak, type ChainRow } from "../../lib/audit/chain";
import type { SqlQueryable } from "../db/driver";
import { CHAINED_COLUMNS, chainedContentOf, type ChainedRow } from "./audit-row";

export type AuditChainReport = {
  entries: number;
  ok: boolean;
  /** The hash of the last entry: write it down outside the system to pin the history. */
  head: string;
  lastId: number;
  firstBad?: ChainBreak | { id: number; problem: "head-mismatch" };
  ms: number;
};

type Row = ChainedRow & { prev_hash: string | null; hash: string | null };

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
      `SELECT ${CHAINED_COLUMNS}, prev_hash, hash
         FROM audit_log WHERE id > $1 ORDER BY id LIMIT ${PAGE}`,
      [after],
    );
    if (rows.length === 0) break;
    const chainRows: ChainRow[] = rows.map((row) => ({
      ...chainedContentOf(row),
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

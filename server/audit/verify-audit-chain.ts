import { auditHeadMac, ChainVerifier, GENESIS_HASH, type ChainBreak, type ChainRow } from "../../lib/audit/chain";
import type { SqlQueryable } from "../db/driver";
import { auditKey } from "./audit-key";
import { CHAINED_COLUMNS, chainedContentOf, type ChainedRow } from "./audit-row";

export type AuditChainReport = {
  entries: number;
  ok: boolean;
  /** The hash of the last entry: write it down outside the system to pin the history. */
  head: string;
  lastId: number;
  /** head-mismatch: the chain does not end where the head says, or the head's HMAC is missing or wrong. */
  firstBad?: ChainBreak | { id: number; problem: "head-mismatch" };
  ms: number;
};

type Row = ChainedRow & { prev_hash: string | null; hash: string | null; keyed: boolean };
type HeadRow = { last_id: number; hash: string; keyed_from: number | null; mac: string | null };

const PAGE = 20_000;

/**
 * Walks the whole audit chain in id order, a page at a time, and checks every
 * entry's hash and link, then that the chain ends where the head row says
 * (entries removed from the end show there) and that the head's HMAC is
 * right. Keyed entries are checked with the audit key (HMAC), earlier ones
 * with SHA-256. Reads only.
 */
export async function verifyAuditChain(sql: SqlQueryable, key: Uint8Array = auditKey()): Promise<AuditChainReport> {
  const started = performance.now();
  const [start] = await sql.query<HeadRow>(`SELECT last_id, hash, keyed_from, mac FROM audit_chain_head WHERE id = 1`);
  const verifier = new ChainVerifier(key, start?.keyed_from ?? null);
  let after = 0;
  let lastId = 0;
  for (;;) {
    const rows = await sql.query<Row>(
      `SELECT ${CHAINED_COLUMNS}, prev_hash, hash, keyed
         FROM audit_log WHERE id > $1 ORDER BY id LIMIT ${PAGE}`,
      [after],
    );
    if (rows.length === 0) break;
    const chainRows: ChainRow[] = rows.map((row) => ({
      ...chainedContentOf(row),
      prevHash: row.prev_hash,
      hash: row.hash,
      keyed: row.keyed,
    }));
    if (!verifier.feed(chainRows)) break;
    after = Number(rows[rows.length - 1]!.id);
    lastId = after;
  }
  const [head] = await sql.query<HeadRow>(`SELECT last_id, hash, keyed_from, mac FROM audit_chain_head WHERE id = 1`);
  let firstBad: AuditChainReport["firstBad"] = verifier.firstBad ?? undefined;
  if (!firstBad) {
    const expectedHash = head?.hash ?? GENESIS_HASH;
    const expectedId = Number(head?.last_id ?? 0);
    const signed = head && head.keyed_from !== null && head.keyed_from === (start?.keyed_from ?? null);
    const macOk =
      head === undefined
        ? lastId === 0
        : signed && head.mac === auditHeadMac(key, { lastId: expectedId, hash: expectedHash, keyedFrom: head.keyed_from! });
    if (expectedHash !== verifier.head || expectedId !== lastId || !macOk) {
      firstBad = { id: expectedId, problem: "head-mismatch" };
    }
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

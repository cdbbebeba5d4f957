import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { auditEntryHash, auditEntryMac } from "../../lib/audit/chain";
import { addForwardedLine, emptyChainCopies, type ChainCopies } from "../../lib/siem/chain-copies";
import { auditKey } from "../audit/audit-key";
import { CHAINED_COLUMNS, chainedContentOf, type ChainedRow } from "../audit/audit-row";
import type { SqlQueryable } from "../db/driver";

type SiemDifference = {
  id: number;
  problem:
    | "hash-differs" // the SIEM's hash is not the database's, or not what the entry's content hashes to now
    | "missing-in-siem" // the database has the entry, the SIEM's copy (within its range) does not
    | "only-in-siem" // the SIEM has an entry the database does not
    | "conflicting-copies"; // the SIEM holds two different hashes for one id
  database?: { hash: string | null; recomputed: string | null };
  siem?: { hash: string };
};

export type SiemComparison = {
  ok: boolean;
  /** Entries compared: the SIEM copy's range, first to last id. */
  compared: number;
  range: { first: number; last: number } | null;
  /** Database entries after the SIEM's last: not forwarded yet (not a difference). */
  notYetForwarded: number;
  lines: number;
  duplicates: number;
  unrecognised: number;
  firstDifference?: SiemDifference;
};

type Row = ChainedRow & { prev_hash: string | null; hash: string | null; keyed: boolean };

const PAGE = 20_000;

/** Reads a file of forwarded lines into the SIEM's copy of the chain. */
export async function readChainCopies(file: string): Promise<ChainCopies> {
  const copies = emptyChainCopies();
  const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  for await (const line of lines) addForwardedLine(copies, line);
  return copies;
}

function recomputed(row: Row, key: Uint8Array): string | null {
  if (row.prev_hash === null) return null;
  const content = chainedContentOf(row);
  return row.keyed ? auditEntryMac(key, row.prev_hash, content) : auditEntryHash(row.prev_hash, content);
}

/**
 * Compares the database's chain with the SIEM's copy over the copy's range
 * (its first to its last id), in id order, and names the first entry that
 * differs: a hash that is not the SIEM's (stored, or recomputed from the
 * entry's content now, so an edit that left the stored hash alone shows), an
 * entry missing on either side, or two different copies in the SIEM.
 */
export async function compareWithSiem(
  sql: SqlQueryable,
  copies: ChainCopies,
  key: Uint8Array = auditKey(),
): Promise<SiemComparison> {
  const ids = [...copies.byId.keys()];
  const base = { lines: copies.lines, duplicates: copies.duplicates, unrecognised: copies.unrecognised };
  if (ids.length === 0) return { ok: false, compared: 0, range: null, notYetForwarded: 0, ...base };
  const first = ids.reduce((a, b) => Math.min(a, b));
  const last = ids.reduce((a, b) => Math.max(a, b));
  const differences: SiemDifference[] = [];
  if (copies.conflictingId !== null) differences.push({ id: copies.conflictingId, problem: "conflicting-copies" });
  let after = first - 1;
  let compared = 0;
  let expected = first;
  const seenInDb = new Set<number>();
  scan: for (;;) {
    const rows = await sql.query<Row>(
      `SELECT ${CHAINED_COLUMNS}, prev_hash, hash, keyed FROM audit_log WHERE id > $1 AND id <= $2 ORDER BY id LIMIT ${PAGE}`,
      [after, last],
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      const id = Number(row.id);
      for (; expected < id; expected += 1) {
        if (copies.byId.has(expected)) {
          differences.push({ id: expected, problem: "only-in-siem", siem: { hash: copies.byId.get(expected)!.hash } });
          break scan;
        }
      }
      expected = id + 1;
      seenInDb.add(id);
      compared += 1;
      const copy = copies.byId.get(id);
      if (!copy) {
        differences.push({
          id,
          problem: "missing-in-siem",
          database: { hash: row.hash, recomputed: recomputed(row, key) },
        });
        break scan;
      }
      const again = recomputed(row, key);
      if (row.hash !== copy.hash || again !== copy.hash) {
        differences.push({
          id,
          problem: "hash-differs",
          database: { hash: row.hash, recomputed: again },
          siem: { hash: copy.hash },
        });
        break scan;
      }
    }
    after = Number(rows.at(-1)!.id);
  }
  if (!differences.some((d) => d.problem !== "conflicting-copies")) {
    for (let id = expected; id <= last; id += 1) {
      if (copies.byId.has(id) && !seenInDb.has(id)) {
        differences.push({ id, problem: "only-in-siem", siem: { hash: copies.byId.get(id)!.hash } });
        break;
      }
    }
  }
  const [beyond] = await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE id > $1`, [last]);
  const firstDifference = differences.sort((a, b) => a.id - b.id)[0];
  return {
    ok: firstDifference === undefined,
    compared,
    range: { first, last },
    notYetForwarded: Number(beyond?.n ?? 0),
    ...base,
    ...(firstDifference ? { firstDifference } : {}),
  };
}

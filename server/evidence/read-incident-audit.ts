import "server-only";
import { auditHeadMac, ChainVerifier, GENESIS_HASH } from "../../lib/audit/chain";
import type { AuditEntryLine, AuditHeadLine } from "../../lib/evidence/audit-segment";
import type { SqlQueryable } from "../db/driver";
import { auditKey } from "../audit/audit-key";
import { chainedContentOf } from "../audit/audit-row";
import { readAuditPage, type AuditPageRow } from "./sql/read-audit-page";
import { readChainHead } from "./sql/read-chain-head";

const PAGE = 5_000;

function lineOf(row: AuditPageRow): AuditEntryLine {
  const content = chainedContentOf(row);
  return {
    kind: "entry",
    ...content,
    at: content.at.toISOString(),
    detail: content.detail ?? null,
    prevHash: row.prev_hash ?? "",
    hash: row.hash ?? "",
    keyed: row.keyed,
  };
}

/**
 * The incident's audit entries in chain order, and the head the walk ended at
 * with what the walk found. audit_log has no index on incident_id (entries
 * are written far more often than an incident's are read), so this reads the
 * whole log in id order, keyset pages of 5,000 by the primary key, up to the
 * head as it was when the walk began: O(every entry of the instance), about
 * what `breachdesk audit verify` costs (docs/benchmarks.md measures it), and
 * on PGlite it holds the one connection between pages only. Since every entry
 * is read anyway, the walk also checks the whole chain with the audit key, so
 * the pack says whether the history its segment sits in was intact.
 */
export async function readIncidentAudit(
  sql: SqlQueryable,
  incidentId: string,
  key: Uint8Array = auditKey(),
): Promise<{ entries: AuditEntryLine[]; head: AuditHeadLine }> {
  const start = await readChainHead(sql);
  const upTo = Number(start?.last_id ?? 0);
  const verifier = new ChainVerifier(key, start?.keyed_from ?? null);
  const entries: AuditEntryLine[] = [];
  let after = 0;
  while (after < upTo) {
    const rows = await readAuditPage(sql, after, upTo, PAGE);
    if (rows.length === 0) break;
    verifier.feed(
      rows.map((row) => ({ ...chainedContentOf(row), prevHash: row.prev_hash, hash: row.hash, keyed: row.keyed })),
    );
    for (const row of rows) if (row.incident_id === incidentId) entries.push(lineOf(row));
    after = Number(rows.at(-1)!.id);
  }
  const hash = start?.hash ?? GENESIS_HASH;
  const keyedFrom = start?.keyed_from ?? null;
  let firstBad: { id: number; problem: string } | null = verifier.firstBad;
  const macOk =
    start === null || (keyedFrom !== null && start.mac === auditHeadMac(key, { lastId: upTo, hash, keyedFrom }));
  if (!firstBad && (verifier.head !== hash || after !== upTo || !macOk))
    firstBad = { id: upTo, problem: "head-mismatch" };
  return {
    entries,
    head: {
      kind: "head",
      lastId: upTo,
      hash,
      keyedFrom,
      mac: start?.mac ?? null,
      chain: { ok: firstBad === null, entries: verifier.entries, firstBad },
    },
  };
}

import { auditEntryHash, GENESIS_HASH } from "../../lib/audit/chain";
import type { SqlDriver } from "../db/driver";
import { CHAINED_COLUMNS, chainedContentOf, type ChainedRow } from "./audit-row";

/**
 * Chains the entries written before the chain existed (the remediation
 * migration added it): once, when there is no chain head yet, every entry in
 * id order. The append-only trigger lets an unsealed row gain its hashes and
 * nothing else. Runs after the migrations, on every open; a no-op once sealed.
 */
export async function sealLegacyAuditEntries(driver: SqlDriver): Promise<number> {
  const [head] = await driver.query<{ id: number }>(`SELECT id FROM audit_chain_head WHERE id = 1`);
  if (head) return 0;
  return driver.transaction(async (tx) => {
    await tx.query(`LOCK TABLE audit_chain_head IN EXCLUSIVE MODE`);
    const [again] = await tx.query<{ id: number }>(`SELECT id FROM audit_chain_head WHERE id = 1`);
    if (again) return 0;
    const rows = await tx.query<ChainedRow>(`SELECT ${CHAINED_COLUMNS} FROM audit_log ORDER BY id`);
    let previous = GENESIS_HASH;
    const ids: number[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    for (const row of rows) {
      const hash = auditEntryHash(previous, chainedContentOf(row));
      ids.push(Number(row.id));
      prevs.push(previous);
      hashes.push(hash);
      previous = hash;
    }
    if (ids.length) {
      await tx.query(
        `UPDATE audit_log a SET prev_hash = s.prev_hash, hash = s.hash
           FROM unnest($1::int[], $2::text[], $3::text[]) AS s(id, prev_hash, hash) WHERE a.id = s.id`,
        [ids, prevs, hashes],
      );
    }
    await tx.query(`INSERT INTO audit_chain_head (id, last_id, hash) VALUES (1, $1, $2)`, [ids.at(-1) ?? 0, previous]);
    return ids.length;
  });
}

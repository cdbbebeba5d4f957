import { auditEntryHash, auditHeadMac, GENESIS_HASH } from "../../lib/audit/chain";
import type { SqlDriver, SqlQueryable } from "../db/driver";
import { CHAINED_COLUMNS, chainedContentOf, type ChainedRow } from "./audit-row";

/**
 * Chains the entries written before the chain existed (the remediation
 * migration added it): once, when there is no chain head yet, every entry in
 * id order, with plain SHA-256 (they predate the audit key); the head it makes
 * is signed with the key, and every later entry is keyed. The append-only
 * trigger lets an unsealed row gain its hashes and nothing else. Runs after
 * the migrations, on every open; a no-op once sealed. A keyed chain whose head
 * is gone is refused rather than chained again.
 */
export async function sealLegacyAuditEntries(driver: SqlDriver, key: Uint8Array): Promise<number> {
  const [head] = await driver.query<{ id: number }>(`SELECT id FROM audit_chain_head WHERE id = 1`);
  if (head) return 0;
  return driver.transaction(async (tx) => {
    await tx.query(`LOCK TABLE audit_chain_head IN EXCLUSIVE MODE`);
    const [again] = await tx.query<{ id: number }>(`SELECT id FROM audit_chain_head WHERE id = 1`);
    if (again) return 0;
    const [keyed] = await tx.query<{ id: number }>(`SELECT id FROM audit_log WHERE keyed LIMIT 1`);
    if (keyed)
      throw new Error("The audit chain's head row is missing but keyed entries exist: the log was tampered with.");
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
    const lastId = ids.at(-1) ?? 0;
    const signed = { lastId, hash: previous, keyedFrom: lastId + 1 };
    await tx.query(`INSERT INTO audit_chain_head (id, last_id, hash, keyed_from, mac) VALUES (1, $1, $2, $3, $4)`, [
      lastId,
      previous,
      signed.keyedFrom,
      auditHeadMac(key, signed),
    ]);
    return ids.length;
  });
}

/**
 * Signs a head that has no HMAC yet. Only right after the migration that
 * introduced the key (its head was written before there was one): an unsigned
 * head found later is a sign of tampering, and signing it would bless it.
 */
export async function signUnsignedAuditHead(tx: SqlQueryable, key: Uint8Array): Promise<boolean> {
  const [head] = await tx.query<{ last_id: number; hash: string; keyed_from: number | null }>(
    `SELECT last_id, hash, keyed_from FROM audit_chain_head WHERE id = 1 AND mac IS NULL FOR UPDATE`,
  );
  if (!head) return false;
  const signed = {
    lastId: Number(head.last_id),
    hash: head.hash,
    keyedFrom: head.keyed_from ?? Number(head.last_id) + 1,
  };
  await tx.query(`UPDATE audit_chain_head SET keyed_from = $1, mac = $2 WHERE id = 1`, [
    signed.keyedFrom,
    auditHeadMac(key, signed),
  ]);
  return true;
}

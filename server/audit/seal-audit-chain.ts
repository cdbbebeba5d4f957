import { auditEntryHash, GENESIS_HASH } from "../../lib/audit/chain";
import type { SqlDriver } from "../db/driver";

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
    const rows = await tx.query<{
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
    }>(
      `SELECT id, at, actor_id::text, actor_email, action, incident_id::text, target_type, target_id, detail, ip
         FROM audit_log ORDER BY id`,
    );
    let previous = GENESIS_HASH;
    const ids: number[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    for (const row of rows) {
      const hash = auditEntryHash(previous, {
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
      });
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

import { randomBytes } from "node:crypto";
import type { SqlQueryable } from "../../db/driver";

/**
 * The incident's pseudonymisation key, made once (the first unit's
 * transaction; a unit that resumes after a crash reads the same key back),
 * null once destroyed.
 */
export async function forgetKey(tx: SqlQueryable, incidentId: string): Promise<Buffer | null> {
  await tx.run(
    `INSERT INTO incident_forget_keys (incident_id, key) VALUES ($1::uuid, $2::bytea) ON CONFLICT (incident_id) DO NOTHING`,
    [incidentId, randomBytes(32)],
  );
  const [row] = await tx.query<{ key: Uint8Array | null }>(
    `SELECT key FROM incident_forget_keys WHERE incident_id = $1::uuid`,
    [incidentId],
  );
  return row?.key ? Buffer.from(row.key) : null;
}

/** Destroys the key (its bytes overwritten, then gone; when kept): the pseudonyms then link to nobody. */
export async function destroyForgetKey(tx: SqlQueryable, incidentId: string, at: Date): Promise<void> {
  await tx.run(
    `UPDATE incident_forget_keys SET key = NULL, destroyed_at = $2::timestamptz WHERE incident_id = $1::uuid`,
    [incidentId, at.toISOString()],
  );
}

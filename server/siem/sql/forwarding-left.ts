import type { SqlQueryable } from "../../db/driver";

/**
 * Whether an enabled destination is still behind the chain's head and will be
 * tried again (held by a forwarder, or waiting for a retry), its breaker
 * closed: what a drain waits for. A destination resting behind an open
 * breaker is not waited for.
 */
export async function forwardingLeft(sql: SqlQueryable): Promise<boolean> {
  const [row] = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_forward_destinations d
      WHERE d.enabled AND NOT d.breaker_open
        AND d.cursor_id < (SELECT h.last_id FROM audit_chain_head h WHERE h.id = 1)`,
  );
  return Number(row?.n ?? 0) > 0;
}

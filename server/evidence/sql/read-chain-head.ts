import type { SqlQueryable } from "../../db/driver";
import type { Row } from "../../db/rows";

export type ChainHeadRow = Row<"audit_chain_head", "last_id" | "hash" | "keyed_from" | "mac">;

/** The chain's head row (none before the first entry). */
export async function readChainHead(sql: SqlQueryable): Promise<ChainHeadRow | null> {
  const [row] = await sql.query<ChainHeadRow>(
    `SELECT last_id, hash, keyed_from, mac FROM audit_chain_head WHERE id = 1`,
  );
  return row ?? null;
}

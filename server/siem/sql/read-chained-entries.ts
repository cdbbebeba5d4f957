import type { SqlQueryable } from "../../db/driver";
import { CHAINED_COLUMNS, type ChainedRow } from "../../audit/audit-row";

export type ChainedEntryRow = ChainedRow & { prev_hash: string; hash: string; keyed: boolean };

/**
 * The next `limit` entries after `cursor`, in id order, up to the chain head's
 * last id. Ids are taken at insert, so a smaller id may commit after a larger
 * one; the head moves in chain order in the appender's own transaction, so
 * every id up to it is committed and chained: no gap is ever skipped.
 */
export function readChainedEntries(sql: SqlQueryable, cursor: number, limit: number): Promise<ChainedEntryRow[]> {
  return sql.query<ChainedEntryRow>(
    `SELECT ${CHAINED_COLUMNS}, prev_hash, hash, keyed FROM audit_log
      WHERE id > $1 AND id <= (SELECT last_id FROM audit_chain_head WHERE id = 1) AND hash IS NOT NULL
      ORDER BY id LIMIT $2`,
    [cursor, limit],
  );
}

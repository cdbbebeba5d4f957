import type { SqlQueryable } from "../../db/driver";
import { CHAINED_COLUMNS, type ChainedRow } from "../../audit/audit-row";

export type AuditPageRow = ChainedRow & { prev_hash: string | null; hash: string | null; keyed: boolean };

/** The next page of the chain after `after`, up to `upTo` (the head when the walk began), in id order. */
export function readAuditPage(sql: SqlQueryable, after: number, upTo: number, limit: number): Promise<AuditPageRow[]> {
  return sql.query<AuditPageRow>(
    `SELECT ${CHAINED_COLUMNS}, prev_hash, hash, keyed
       FROM audit_log WHERE id > $1 AND id <= $2 ORDER BY id LIMIT $3`,
    [after, upTo, limit],
  );
}

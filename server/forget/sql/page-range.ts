import type { SqlQueryable } from "../../db/driver";

/**
 * The big tables are walked in ranges of pages (a TID range scan: the rows
 * physically there), not by key: an UPDATE or DELETE leaves its old index
 * entries behind until a vacuum, and a walk by key would step over all the
 * earlier units' dead entries again in every unit, slower and slower. Pages
 * hold some tens of rows each.
 */
const ROWS_PER_PAGE = 40;

/** Where a page walk has got to: the next page to read, and the table's end when the walk began. */
export type PageCursor = { page: number; end: number };

export function pagesPerUnit(rows: number): number {
  return Math.max(1, Math.ceil(rows / ROWS_PER_PAGE));
}

/** The TID bounds of pages [from, to): `ctid >= $a AND ctid < $b`. */
export function tidBounds(from: number, to: number): [string, string] {
  return [`(${from},0)`, `(${to},0)`];
}

/**
 * The pages of the partition that holds the incident's rows of a table
 * partitioned by incident (its own, or the default one); 0 when it has none.
 */
export async function incidentPartitionPages(
  tx: SqlQueryable,
  table: "leaked_recipients" | "triage_entries",
  incidentId: string,
): Promise<number> {
  const [row] = await tx.query<{ pages: number }>(
    `SELECT (pg_relation_size(tableoid) / current_setting('block_size')::int)::int AS pages
       FROM ${table} WHERE incident_id = $1::uuid LIMIT 1`,
    [incidentId],
  );
  return Number(row?.pages ?? 0);
}

/** The pages of a table that is not partitioned. */
export async function tablePages(
  tx: SqlQueryable,
  table: "bulk_action_items" | "account_notes" | "security_events" | "account_remediation" | "withdrawal_holds",
): Promise<number> {
  const [row] = await tx.query<{ pages: number }>(
    `SELECT (pg_relation_size('${table}') / current_setting('block_size')::int)::int AS pages`,
  );
  return Number(row?.pages ?? 0);
}

import type { SqlQueryable } from "../../db/driver";
import type { PartitionedTable } from "../../db/incident-partition";
import { pseudonymSql, type UnitParams } from "./pseudonym-sql";

/** What each big table's personal columns become; every other column is copied as it is. */
const REPLACED: Record<PartitionedTable, Record<string, string>> = {
  leaked_recipients: {
    email_normalized: pseudonymSql("email_normalized"),
    email_original: pseudonymSql("email_original"),
    display_name: "NULL",
  },
  triage_entries: {
    email_normalized: pseudonymSql("email_normalized"),
    email_original: pseudonymSql("email_original"),
  },
};

/** A table name the catalog or createIncidentTable gave (kept in a run's cursor): checked before it goes into SQL. */
function tableName(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Unexpected table name ${name}`);
  return name;
}

/** The pages of a table, by name. */
export async function pagesOf(tx: SqlQueryable, table: string): Promise<number> {
  const [row] = await tx.query<{ pages: number }>(
    `SELECT (pg_relation_size($1::regclass) / current_setting('block_size')::int)::int AS pages`,
    [tableName(table)],
  );
  return Number(row?.pages ?? 0);
}

/**
 * The rows on pages [from, to) of the incident's own partition, pseudonymised,
 * into the unindexed table that will replace it: an insert with no index to
 * maintain, where an UPDATE writes a new version of every row and an entry in
 * every index (the address is in the key, so no update is HOT).
 */
export async function copyPseudonymised(
  tx: SqlQueryable,
  parent: PartitionedTable,
  p: UnitParams,
  tables: { from: string; into: string },
  tids: [string, string],
): Promise<number> {
  const columns = await tx.query<{ name: string }>(
    `SELECT attname AS name FROM pg_attribute
      WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [parent],
  );
  const names = columns.map((c) => `"${c.name}"`).join(", ");
  const values = columns.map((c) => REPLACED[parent][c.name] ?? `"${c.name}"`).join(", ");
  return tx.run(
    `INSERT INTO ${tableName(tables.into)} (${names})
     SELECT ${values} FROM ${tableName(tables.from)} WHERE incident_id = $1::uuid AND ctid >= $4::tid AND ctid < $5::tid`,
    [p.incidentId, p.pads!.ipad, p.pads!.opad, ...tids],
  );
}

import type { SqlQueryable } from "../server/db/driver";

// Partitions are physical layout, which Prisma cannot describe: the snapshot
// reads a partitioned table like a plain one and leaves its partitions out.
const NOT_A_PARTITION = `NOT EXISTS (SELECT 1 FROM pg_class p JOIN pg_namespace pn ON pn.oid = p.relnamespace
                                      WHERE pn.nspname = current_schema() AND p.relname = %s AND p.relispartition)`;

/** A comparable description of the public schema: tables, columns, indexes, constraints, enums. */
export async function schemaSnapshot(sql: SqlQueryable): Promise<string[]> {
  const columns = await sql.query<{ line: string }>(
    `SELECT format('column %s.%s %s %s null=%s default=%s', table_name, column_name, data_type, udt_name,
                   is_nullable, coalesce(column_default, '-')) AS line
       FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name <> '_prisma_migrations'
        AND ${NOT_A_PARTITION.replace("%s", "table_name")}`,
  );
  const indexes = await sql.query<{ line: string }>(
    `SELECT format('index %s', replace(indexdef, ' ON ONLY ', ' ON ')) AS line FROM pg_indexes
      WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'
        AND ${NOT_A_PARTITION.replace("%s", "tablename")}`,
  );
  const constraints = await sql.query<{ line: string }>(
    `SELECT format('constraint %s.%s %s', c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) AS line
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE n.nspname = current_schema() AND c.contype <> 'n' -- NOT NULL: in columns; a catalog row only from PG 18
        AND c.conrelid::regclass::text NOT IN ('_prisma_migrations', '"_prisma_migrations"')
        AND NOT EXISTS (SELECT 1 FROM pg_class p WHERE p.oid = c.conrelid AND p.relispartition)`,
  );
  const enums = await sql.query<{ line: string }>(
    `SELECT format('enum %s %s', t.typname, string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)) AS line
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace n ON n.oid = t.typnamespace
      WHERE n.nspname = current_schema() GROUP BY t.typname`,
  );
  return [...columns, ...indexes, ...constraints, ...enums].map((row) => row.line).sort();
}

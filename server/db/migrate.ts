import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { SqlDriver, SqlQueryable } from "./driver";

// Applies prisma/migrations/*/migration.sql in order, recording them in
// Prisma's own `_prisma_migrations` table (same columns, same sha256
// checksums), so `prisma migrate status` agrees. One path for PGlite and
// PostgreSQL: each migration runs in its own transaction.
export const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

const MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

// Arbitrary constant: serialises concurrent migrators on PostgreSQL.
const ADVISORY_LOCK_KEY = 7_217_130_341;

export type Migration = { name: string; sql: string; checksum: string };

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(/*turbopackIgnore: true*/ path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export type MigrationReport = { applied: string[]; alreadyApplied: number };

export type MigrateOptions = {
  /**
   * The app's database role when it is not the one migrating (PostgreSQL with
   * BREACHDESK_MIGRATION_DATABASE_URL): granted what it needs after every
   * migrate, so tables added by later migrations are covered too.
   */
  appRole?: string;
};

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * What the app's role may do, run by the owner after the migrations. Every
 * table: read and write. The audit log: INSERT and SELECT only; its head:
 * SELECT only, moved through the SECURITY DEFINER functions
 * audit_chain_lock() and audit_chain_advance(). Not owning audit_log, the
 * app's role cannot ALTER it (DISABLE TRIGGER) nor replace its trigger
 * function. The incident-partitioned tables and their partitions are handed
 * to the app's role, because attaching a partition (server/db/incident-
 * partition.ts) takes the parent's owner; that needs the owner to be a member
 * of the app's role (GRANT app TO owner: docs/database-roles.md).
 */
async function grantAppRole(tx: SqlQueryable, appRole: string): Promise<void> {
  const role = quoteIdent(appRole);
  const [{ schema } = { schema: "public" }] = await tx.query<{ schema: string }>(`SELECT current_schema() AS schema`);
  const ns = quoteIdent(schema);
  await tx.exec(`
    GRANT USAGE, CREATE ON SCHEMA ${ns} TO ${role};
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${ns} TO ${role};
    GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${ns} TO ${role};
    REVOKE ALL ON "_prisma_migrations" FROM ${role};
    REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "audit_log" FROM ${role};
    REVOKE INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON "audit_chain_head" FROM ${role};
    GRANT EXECUTE ON FUNCTION audit_chain_lock(), audit_chain_advance(integer, text) TO ${role};`);
  const partitioned = await tx.query<{ name: string }>(
    `SELECT c.oid::regclass::text AS name FROM pg_class c
      WHERE c.relnamespace = $1::regnamespace AND (c.relkind = 'p' OR c.relispartition)
        AND pg_get_userbyid(c.relowner) <> $2
      ORDER BY c.relkind = 'p' DESC`,
    [schema, appRole],
  );
  for (const { name } of partitioned) {
    try {
      await tx.exec(`ALTER TABLE ${name} OWNER TO ${role}`);
    } catch (error) {
      throw new Error(
        `The migration role cannot hand ${name} to ${appRole}: run GRANT ${role} TO <migration role> once, as a superuser (docs/database-roles.md).`,
        { cause: error },
      );
    }
  }
}

/**
 * All pending migrations run in one transaction: a failure leaves the database
 * as it was. On PostgreSQL a transaction-scoped advisory lock makes concurrent
 * migrators (several app processes starting at once) wait for each other.
 */
export async function applyMigrations(
  driver: SqlDriver,
  dir = MIGRATIONS_DIR,
  options: MigrateOptions = {},
): Promise<MigrationReport> {
  const migrations = readMigrations(dir);
  return driver.transaction(async (tx) => {
    if (driver.kind === "postgres") {
      await tx.query("SELECT pg_advisory_xact_lock($1)", [ADVISORY_LOCK_KEY]);
    }
    await tx.exec(MIGRATIONS_TABLE);
    const done = await tx.query<{ migration_name: string; checksum: string }>(
      `SELECT migration_name, checksum FROM "_prisma_migrations"
        WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const doneByName = new Map(done.map((row) => [row.migration_name, row.checksum]));
    for (const [name, checksum] of doneByName) {
      const local = migrations.find((m) => m.name === name);
      if (!local) {
        throw new Error(`Migration ${name} is applied to the database but missing from ${dir}.`);
      }
      if (local.checksum !== checksum) {
        throw new Error(`Migration ${name} was edited after it was applied (checksum differs).`);
      }
    }
    const applied: string[] = [];
    for (const migration of migrations) {
      if (doneByName.has(migration.name)) continue;
      await tx.exec(migration.sql);
      await tx.query(
        `INSERT INTO "_prisma_migrations"
           (id, checksum, finished_at, migration_name, started_at, applied_steps_count)
         VALUES ($1, $2, now(), $3, now(), 1)`,
        [randomUUID(), migration.checksum, migration.name],
      );
      applied.push(migration.name);
    }
    if (options.appRole) await grantAppRole(tx, options.appRole);
    return { applied, alreadyApplied: doneByName.size };
  });
}

import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { SqlDriver } from "./driver";

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

/**
 * All pending migrations run in one transaction: a failure leaves the database
 * as it was. On PostgreSQL a transaction-scoped advisory lock makes concurrent
 * migrators (several app processes starting at once) wait for each other.
 */
export async function applyMigrations(driver: SqlDriver, dir = MIGRATIONS_DIR): Promise<MigrationReport> {
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
    return { applied, alreadyApplied: doneByName.size };
  });
}

import "server-only";
import { env } from "../env";
import { createPrisma, type Prisma } from "./create-prisma";
import { openDriver, type DatabaseTarget, type SqlDriver } from "./driver";
import { applyMigrations, type MigrationReport } from "./migrate";
import { failInterruptedImports } from "../imports/import-job";
import { sealLegacyAuditEntries, signUnsignedAuditHead } from "../audit/seal-audit-chain";
import { auditKey } from "../audit/audit-key";

/** What every data function receives: Prisma for most work, SQL for bulk work. */
export type Db = { prisma: Prisma; sql: SqlDriver };

export function databaseTarget(owner: string): DatabaseTarget {
  const { DATABASE_URL, dataDir, BREACHDESK_PG_PREPARED, BREACHDESK_MIGRATION_DATABASE_URL } = env();
  return DATABASE_URL
    ? {
        kind: "postgres",
        url: DATABASE_URL,
        preparedStatements: BREACHDESK_PG_PREPARED === "on",
        ...(BREACHDESK_MIGRATION_DATABASE_URL ? { migrationUrl: BREACHDESK_MIGRATION_DATABASE_URL } : {}),
      }
    : { kind: "pglite", dataDir, owner };
}

/** The migration that keyed the audit chain: its head, written before the key, is signed once after it. */
const KEYED_AUDIT_MIGRATION = "20261205171132_audit_chain_keyed";

/**
 * Brings the schema up to date, seals pre-chain audit entries and signs the
 * audit head once after the keyed migration. With a migration URL (the owner
 * role) all of it runs under that role, which then grants the app's role
 * (`app`'s current_user) what it needs; otherwise under `app` itself.
 */
export async function migrateDatabase(target: DatabaseTarget, app: SqlDriver): Promise<MigrationReport> {
  const ownerUrl = target.kind === "postgres" ? target.migrationUrl : undefined;
  const owner = ownerUrl ? await openDriver({ kind: "postgres", url: ownerUrl, preparedStatements: false }) : app;
  try {
    let appRole: string | undefined;
    if (owner !== app) {
      const [row] = await app.query<{ name: string }>(`SELECT current_user AS name`);
      const [own] = await owner.query<{ name: string }>(`SELECT current_user AS name`);
      if (row && row.name !== own?.name) appRole = row.name;
    }
    const report = await applyMigrations(owner, undefined, appRole ? { appRole } : {});
    const key = auditKey();
    await sealLegacyAuditEntries(owner, key);
    if (report.applied.includes(KEYED_AUDIT_MIGRATION)) {
      await owner.transaction((tx) => signUnsignedAuditHead(tx, key));
    }
    return report;
  } finally {
    if (owner !== app) await owner.close();
  }
}

export async function openDb(target: DatabaseTarget, options: { migrate?: boolean } = {}): Promise<Db> {
  const sql = await openDriver(target);
  try {
    if (options.migrate ?? true) await migrateDatabase(target, sql);
    // PGlite has one process, so an import still "running" at open was
    // interrupted (its staged rows died with it). On PostgreSQL another
    // process may own it: leave it.
    if (sql.kind === "pglite") await failInterruptedImports(sql);
  } catch (error) {
    await sql.close();
    throw error;
  }
  return { prisma: createPrisma(sql), sql };
}

export async function closeDb(db: Db): Promise<void> {
  await db.prisma.$disconnect();
  await db.sql.close();
}

const globalForDb = globalThis as unknown as { breachdeskDb?: Promise<Db> };

/**
 * The web server's one database handle, opened on first use. The server owns
 * the embedded database for its lifetime (see pglite-lock.ts) and brings the
 * schema up to date when it opens it.
 */
export function getDb(): Promise<Db> {
  globalForDb.breachdeskDb ??= openDb(databaseTarget(`web server (${process.argv.slice(1, 3).join(" ")})`)).catch(
    (error: unknown) => {
      globalForDb.breachdeskDb = undefined;
      throw error;
    },
  );
  return globalForDb.breachdeskDb;
}

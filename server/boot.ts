import "server-only";
import { auditKey } from "./audit/audit-key";
import { sealLegacyAuditEntries, signUnsignedAuditHead } from "./audit/seal-audit-chain";
import { closeDb, databaseTarget, installDbOpener, openDatabase, type Db } from "./db";
import { openDriver, type DatabaseTarget, type SqlDriver } from "./db/driver";
import { applyMigrations, type MigrationReport } from "./db/migrate";
import { failInterruptedImports } from "./imports/import-job";

// Start-up work, in one place and called by name: the web server
// (instrumentation.ts, bootServer), the CLI (cli/context.ts) and the tests
// (test/db.ts) each open the database through bootDb. Opening the database
// itself (server/db) knows nothing of imports or the audit chain.

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

/** Repairs after a crash: PGlite has one process, so an import still "running" at open was interrupted. */
async function repairAfterOpen(sql: SqlDriver): Promise<void> {
  // On PostgreSQL another process may own a running import: leave it.
  if (sql.kind === "pglite") await failInterruptedImports(sql);
}

/**
 * Opens the database and does the start-up work: migrations and sealing
 * (unless `migrate: false`), then the repairs. A failure closes it again.
 */
export async function bootDb(target: DatabaseTarget, options: { migrate?: boolean } = {}): Promise<Db> {
  const db = await openDatabase(target);
  try {
    if (options.migrate ?? true) await migrateDatabase(target, db.sql);
    await repairAfterOpen(db.sql);
  } catch (error) {
    await closeDb(db);
    throw error;
  }
  return db;
}

/**
 * The web server's start: getDb() (server/db) opens the database through
 * bootDb on first use. Called from instrumentation.ts before anything else.
 */
export function bootServer(): void {
  installDbOpener(() => bootDb(databaseTarget(`web server (${process.argv.slice(1, 3).join(" ")})`)));
}

import "server-only";
import { env } from "../env";
import { createPrisma, type Prisma } from "./create-prisma";
import { openDriver, type DatabaseTarget, type SqlDriver } from "./driver";
import { applyMigrations } from "./migrate";
import { failInterruptedImports } from "../imports/import-job";
import { sealLegacyAuditEntries } from "../audit/seal-audit-chain";

/** What every data function receives: Prisma for most work, SQL for bulk work. */
export type Db = { prisma: Prisma; sql: SqlDriver };

export function databaseTarget(owner: string): DatabaseTarget {
  const { DATABASE_URL, dataDir, BREACHDESK_PG_PREPARED } = env();
  return DATABASE_URL
    ? { kind: "postgres", url: DATABASE_URL, preparedStatements: BREACHDESK_PG_PREPARED === "on" }
    : { kind: "pglite", dataDir, owner };
}

export async function openDb(target: DatabaseTarget, options: { migrate?: boolean } = {}): Promise<Db> {
  const sql = await openDriver(target);
  try {
    if (options.migrate ?? true) {
      await applyMigrations(sql);
      await sealLegacyAuditEntries(sql);
    }
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

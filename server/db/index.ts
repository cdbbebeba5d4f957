import "server-only";
import { env } from "../env";
import { createPrisma, type Prisma } from "./create-prisma";
import { openDriver, type DatabaseTarget, type SqlDriver } from "./driver";

/** What every data function receives: Prisma for most work, SQL for bulk work. */
export type Db = { prisma: Prisma; sql: SqlDriver };

export function databaseTarget(owner: string): DatabaseTarget {
  const { DATABASE_URL, dataDir, BREACHDESK_PG_PREPARED, BREACHDESK_MIGRATION_DATABASE_URL, BREACHDESK_PGLITE_SHARED_BUFFERS_MB } =
    env();
  return DATABASE_URL
    ? {
        kind: "postgres",
        url: DATABASE_URL,
        preparedStatements: BREACHDESK_PG_PREPARED === "on",
        ...(BREACHDESK_MIGRATION_DATABASE_URL ? { migrationUrl: BREACHDESK_MIGRATION_DATABASE_URL } : {}),
      }
    : { kind: "pglite", dataDir, owner, sharedBuffersMb: BREACHDESK_PGLITE_SHARED_BUFFERS_MB };
}

/** Opens the database: no start-up work (migrations, repairs); that is server/boot.ts. */
export async function openDatabase(target: DatabaseTarget): Promise<Db> {
  const sql = await openDriver(target);
  return { prisma: createPrisma(sql), sql };
}

export async function closeDb(db: Db): Promise<void> {
  await db.prisma.$disconnect();
  await db.sql.close();
}

const globalForDb = globalThis as unknown as { breachdeskDb?: Promise<Db>; breachdeskDbOpener?: () => Promise<Db> };

/** How the web server opens its database: bootServer() (server/boot.ts) installs it at start. */
export function installDbOpener(open: () => Promise<Db>): void {
  globalForDb.breachdeskDbOpener = open;
}

/**
 * The web server's one database handle, opened on first use through the
 * opener bootServer() installed (migrations and repairs first). The server
 * owns the embedded database for its lifetime (see pglite-lock.ts).
 */
export function getDb(): Promise<Db> {
  const open = globalForDb.breachdeskDbOpener;
  if (!open) {
    return Promise.reject(
      new Error("The database is not open: the server's start (instrumentation.ts) calls bootServer() from server/boot.ts."),
    );
  }
  globalForDb.breachdeskDb ??= open().catch((error: unknown) => {
    globalForDb.breachdeskDb = undefined;
    throw error;
  });
  return globalForDb.breachdeskDb;
}

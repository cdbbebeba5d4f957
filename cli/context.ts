import { bootDb } from "../server/boot";
import { closeDb, databaseTarget, type Db } from "../server/db";

export type CommandContext = { log: (message: string) => void };

/** Opens the database for one command (start-up work included: server/boot.ts) and always closes it (releasing the PGlite lock). */
export async function withDb<T>(ctx: CommandContext, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = await bootDb(databaseTarget(`breachdesk ${process.argv.slice(2, 4).join(" ")}`));
  ctx.log(`Database: ${db.sql.description}`);
  try {
    return await fn(db);
  } finally {
    await closeDb(db);
  }
}

import type { SqlQueryable } from "./driver";

/**
 * Raises work_mem for the rest of the caller's transaction, so that the
 * sorts and hashes of a million-row statement stay in memory instead of
 * spilling to disk. PostgreSQL runs in its own processes, so it gets more;
 * PGlite's memory is the application's own, which must stay within 1 GB.
 */
export async function raiseWorkMemForBulk(tx: SqlQueryable): Promise<void> {
  await tx.exec(`SET LOCAL work_mem = '${tx.kind === "postgres" ? "256MB" : "64MB"}'`);
}

import type { SqlQueryable } from "../../db/driver";

/** The database's clock: a pack's time is compared with closed_at and finished_at, which it wrote. */
export async function databaseNow(sql: SqlQueryable): Promise<Date> {
  const [row] = await sql.query<{ now: Date | string }>(`SELECT clock_timestamp() AS now`);
  return new Date(row!.now);
}

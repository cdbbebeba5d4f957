import type { SqlQueryable } from "../../db/driver";

/** The instance's own people's addresses (staff), lower-cased: kept when a pack's text quotes them. */
export async function listStaffAddresses(sql: SqlQueryable): Promise<string[]> {
  const rows = await sql.query<{ email: string }>(`SELECT lower(email) AS email FROM staff_users`);
  return rows.map((row) => row.email);
}

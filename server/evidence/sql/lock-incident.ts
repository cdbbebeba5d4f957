import type { SqlQueryable } from "../../db/driver";

/** Locks the incident's row until the transaction ends: one pack at a time is stored for it. */
export async function lockIncident(sql: SqlQueryable, incidentId: string): Promise<boolean> {
  const rows = await sql.query(`SELECT 1 AS locked FROM incidents WHERE id = $1::uuid FOR UPDATE`, [incidentId]);
  return rows.length > 0;
}

import { ROLE_PERMISSIONS, ROLES, type Permission } from "../../../../lib/auth/permissions";
import type { SqlQueryable } from "../../../db/driver";

function rolesWith(permissions: readonly Permission[]): string[] {
  return ROLES.filter((role) => permissions.some((p) => ROLE_PERMISSIONS[role].includes(p)));
}

/** Active staff whose role holds any of the permissions (staff only: the query reads staff_users, never customers). */
async function staffEmailsWith(sql: SqlQueryable, permissions: readonly Permission[]): Promise<string[]> {
  const rows = await sql.query<{ email: string }>(
    `SELECT email FROM staff_users WHERE active AND role::text = ANY($1::text[]) ORDER BY email`,
    [rolesWith(permissions)],
  );
  return rows.map((r) => r.email);
}

/** Who can act on an event: those who may approve bulk actions or campaigns. */
export const approverEmails = (sql: SqlQueryable) => staffEmailsWith(sql, ["bulk.approve", "notices.approve"]);

/** The admins: they are told when a destination is disabled. */
export const adminEmails = (sql: SqlQueryable) => staffEmailsWith(sql, ["integrations.manage"]);

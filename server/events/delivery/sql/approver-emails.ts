import { ROLE_PERMISSIONS, ROLES, type Permission } from "../../../../lib/auth/permissions";
import type { SqlQueryable } from "../../../db/driver";

function rolesWith(permissions: readonly Permission[]): string[] {
  return ROLES.filter((role) => permissions.some((p) => ROLE_PERMISSIONS[role].includes(p)));
}

/**
 * The addresses of active staff who can act on an event: those who may
 * approve bulk actions or campaigns (staff only: the query reads staff_users,
 * never customers).
 */
export async function approverEmails(sql: SqlQueryable): Promise<string[]> {
  const rows = await sql.query<{ email: string }>(
    `SELECT email FROM staff_users WHERE active AND role::text = ANY($1::text[]) ORDER BY email`,
    [rolesWith(["bulk.approve", "notices.approve"])],
  );
  return rows.map((r) => r.email);
}

/** The active admins' addresses: they are told when a destination is disabled. */
export async function adminEmails(sql: SqlQueryable): Promise<string[]> {
  const rows = await sql.query<{ email: string }>(
    `SELECT email FROM staff_users WHERE active AND role::text = ANY($1::text[]) ORDER BY email`,
    [rolesWith(["integrations.manage"])],
  );
  return rows.map((r) => r.email);
}

import type { Permission } from "../../lib/auth/permissions";
import type { Prisma } from "../db/create-prisma";
import { tokenGrant } from "../timeline/api-tokens/scopes";

type Client = Pick<Prisma, "apiToken">;

/**
 * The staff member's unrevoked API tokens, with what each was made to do:
 * those that still work (not expired), or with `expiredToo` every one a
 * revocation should still cover.
 */
export async function listStaffApiTokens(
  client: Client,
  staffUserId: string,
  options: { expiredToo?: boolean; now?: Date } = {},
): Promise<{ id: string; name: string; incidentId: string | null; grant: readonly Permission[] }[]> {
  const rows = await client.apiToken.findMany({
    where: {
      createdById: staffUserId,
      revokedAt: null,
      ...(options.expiredToo ? {} : { expiresAt: { gt: options.now ?? new Date() } }),
    },
    select: { id: true, name: true, incidentId: true, role: true, scopes: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((row) => ({ id: row.id, name: row.name, incidentId: row.incidentId, grant: tokenGrant(row) }));
}

/**
 * What each staff member's working API tokens were made to do, by staff id:
 * the role form says from it how many a new role would narrow.
 */
export async function listApiTokenGrantsByStaff(
  db: { prisma: Client },
  now = new Date(),
): Promise<Record<string, readonly (readonly Permission[])[]>> {
  const rows = await db.prisma.apiToken.findMany({
    where: { createdById: { not: null }, revokedAt: null, expiresAt: { gt: now } },
    select: { createdById: true, role: true, scopes: true },
  });
  const grants: Record<string, (readonly Permission[])[]> = {};
  for (const row of rows) (grants[row.createdById!] ??= []).push(tokenGrant(row));
  return grants;
}

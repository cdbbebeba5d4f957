import type { Permission } from "../../lib/auth/permissions";
import type { Db } from "../db";
import { tokenGrant } from "../timeline/api-tokens/scopes";

/**
 * Every staff user, with what each of their working API tokens was made to
 * do (`apiTokenGrants`), so that the role form can say how many of them a
 * new role would narrow.
 */
export async function listStaffUsers(db: Db) {
  const now = new Date();
  const users = await db.prisma.staffUser.findMany({
    orderBy: [{ role: "asc" }, { email: "asc" }],
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      active: true,
      lastSignInAt: true,
      createdAt: true,
      totpEnabledAt: true,
      ssoSubject: true,
      apiTokensCreated: { where: { revokedAt: null, expiresAt: { gt: now } }, select: { role: true, scopes: true } },
    },
  });
  return users.map(({ apiTokensCreated, ...user }) => ({
    ...user,
    apiTokenGrants: apiTokensCreated.map((token): readonly Permission[] => tokenGrant(token)),
  }));
}

import type { JWT } from "next-auth/jwt";
import { isRole } from "../../lib/auth/permissions";
import type { Db } from "../db";

/** Thrown for a session whose user is gone, deactivated, or whose sessions were revoked. */
export class SessionRevokedError extends Error {
  constructor() {
    super("The session was revoked.");
    this.name = "SessionRevokedError";
  }
}

/**
 * Brings a session token up to date with the database on every use: the role
 * as it is now (so /api/auth/session never reports an old one), and a refusal
 * for a user who is gone, deactivated, or whose session version moved on
 * (sign-out, sign-out everywhere, password change, deactivation). next-auth
 * clears the cookie when this throws.
 */
export async function refreshSessionToken(db: Pick<Db, "prisma">, token: JWT): Promise<JWT> {
  if (!token.sub) throw new SessionRevokedError();
  const user = await db.prisma.staffUser.findUnique({
    where: { id: token.sub },
    select: { email: true, name: true, role: true, active: true, sessionVersion: true },
  });
  if (!user || !user.active || user.sessionVersion !== token.sv) throw new SessionRevokedError();
  return { ...token, email: user.email, name: user.name, role: isRole(user.role) ? user.role : undefined };
}

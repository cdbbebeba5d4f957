import "server-only";
import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { can, type Permission, type Role } from "../../lib/auth/permissions";
import { getDb } from "../db";
import { AppError } from "../errors";
import { authOptions } from "./options";

export type CurrentUser = { id: string; email: string; name: string; role: Role };

/**
 * The signed-in staff user, re-read from the database on every request so that
 * a role change, deactivation or password change (session version bump) takes
 * effect at once, whatever the session cookie still says.
 */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const session = await getServerSession(authOptions());
  const id = session?.user?.id;
  if (!id) return null;
  const tokenVersion = session.user.sessionVersion;
  const { prisma } = await getDb();
  const user = await prisma.staffUser.findUnique({
    where: { id },
    select: { id: true, email: true, name: true, role: true, active: true, sessionVersion: true },
  });
  if (!user || !user.active || tokenVersion !== user.sessionVersion) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
});

/** For pages and layouts: the user, or a redirect to sign-in. */
export async function requireUser(): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) redirect("/login");
  return user;
}

/** For pages: the user if they hold the permission, else the 403 page. */
export async function requirePagePermission(permission: Permission): Promise<CurrentUser> {
  const user = await requireUser();
  if (!can(user.role, permission)) forbidden();
  return user;
}

/** For server actions and route handlers: throws AppError instead of redirecting. */
export async function authorize(permission: Permission): Promise<CurrentUser> {
  const user = await getCurrentUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Your session has ended. Please sign in again.");
  if (!can(user.role, permission)) {
    throw new AppError("FORBIDDEN", "Your role does not allow this action.");
  }
  return user;
}

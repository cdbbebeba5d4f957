import "server-only";
import { getServerSession } from "next-auth";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { can, type Permission, type Role } from "../../lib/auth/permissions";
import { secondFactorRequired } from "../../lib/auth/second-factor-policy";
import { getDb } from "../db";
import { AppError } from "../errors";
import { authOptions } from "./options";
import { getStaffSession, type StaffSessionState } from "./staff-session";

export type CurrentUser = { id: string; email: string; name: string; role: Role };

export type SignInState =
  | { kind: "signed_out" }
  /** Password right, second factor still to give (or to set up: `totpEnabled` false). */
  | { kind: "needs_second_factor"; user: CurrentUser; sessionId: string; totpEnabled: boolean }
  | { kind: "signed_in"; user: CurrentUser; session: StaffSessionState };

/**
 * Where the request's sign-in stands, re-read from the database on every
 * request so that a role change, deactivation or password change (session
 * version bump) takes effect at once, whatever the session cookie still says.
 * A password sign-in of someone who needs a second factor is not signed in
 * until the code is given; the need follows the role as it is now.
 */
export const getSignInState = cache(async (): Promise<SignInState> => {
  const session = await getServerSession(authOptions());
  const id = session?.user?.id;
  if (!id) return { kind: "signed_out" };
  const tokenVersion = session.user.sessionVersion;
  const db = await getDb();
  const [user, signIn] = await Promise.all([
    db.prisma.staffUser.findUnique({
      where: { id },
      select: {
        id: true,
        email: true,
        name: true,
        role: true,
        active: true,
        sessionVersion: true,
        totpEnabledAt: true,
      },
    }),
    getStaffSession(db, { sessionId: session.user.sid, staffUserId: id }),
  ]);
  if (!user || !user.active || tokenVersion !== user.sessionVersion || !signIn) return { kind: "signed_out" };
  const current = { id: user.id, email: user.email, name: user.name, role: user.role };
  const totpEnabled = user.totpEnabledAt !== null;
  if (
    signIn.method === "password" &&
    !signIn.secondFactorAt &&
    secondFactorRequired({ role: user.role, totpEnabled })
  ) {
    return { kind: "needs_second_factor", user: current, sessionId: signIn.id, totpEnabled };
  }
  return { kind: "signed_in", user: current, session: signIn };
});

/** The signed-in staff user, or null (signed out, or the second factor still to give). */
export const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
  const state = await getSignInState();
  return state.kind === "signed_in" ? state.user : null;
});

/** For pages and layouts: the user, or a redirect to sign-in (or to its second step). */
export async function requireUser(): Promise<CurrentUser> {
  const state = await getSignInState();
  if (state.kind === "needs_second_factor") redirect("/login/second-factor");
  if (state.kind === "signed_out") redirect("/login");
  return state.user;
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

import "server-only";
import { getToken } from "next-auth/jwt";
import { cookies } from "next/headers";
import { forbidden, redirect } from "next/navigation";
import { cache } from "react";
import { can, type Permission, type Role } from "../../lib/auth/permissions";
import { secondFactorRequired } from "../../lib/auth/second-factor-policy";
import { getDb } from "../db";
import { AppError } from "../errors";
import { authSecret } from "./secret";
import { getSignedInStaff, type StaffSessionState } from "./staff-session";

export type CurrentUser = { id: string; email: string; name: string; role: Role };

export type SignInState =
  | { kind: "signed_out" }
  /** Password right, second factor still to give (or to set up: `totpEnabled` false). */
  | {
      kind: "needs_second_factor";
      user: CurrentUser;
      sessionId: string;
      totpEnabled: boolean;
      /** When an authenticator was set up that this sign-in tells the person about. */
      totpNoticeAt: Date | null;
    }
  | { kind: "signed_in"; user: CurrentUser; session: StaffSessionState };

/**
 * Where the request's sign-in stands, re-read from the database on every
 * request so that a role change, deactivation or password change (session
 * version bump) takes effect at once, whatever the session cookie still says.
 * A password sign-in of someone who needs a second factor is not signed in
 * until the code is given; the need follows the role as it is now.
 *
 * This runs for every page, action and request, so it does the least that is
 * safe: the cookie is decrypted and checked (signature and expiry) by
 * next-auth's own `getToken`, and the user and their sign-in record come in
 * one query. (`getServerSession` would also run the jwt callback, a second
 * lookup of the same user, and re-encrypt a cookie it cannot set from here.)
 */
export const getSignInState = cache(async (): Promise<SignInState> => {
  const token = await getToken({
    req: { cookies: await cookies(), headers: {} } as unknown as Parameters<typeof getToken>[0]["req"],
    secret: authSecret(),
  });
  const id = token?.sub;
  if (!id) return { kind: "signed_out" };
  const signedIn = await getSignedInStaff(await getDb(), { sessionId: token.sid, staffUserId: id });
  if (!signedIn || !signedIn.user.active || token.sv !== signedIn.user.sessionVersion) return { kind: "signed_out" };
  const { user, session } = signedIn;
  const current = { id: user.id, email: user.email, name: user.name, role: user.role };
  if (
    session.method === "password" &&
    !session.secondFactorAt &&
    secondFactorRequired({ role: user.role, totpEnabled: user.totpEnabled })
  ) {
    return {
      kind: "needs_second_factor",
      user: current,
      sessionId: session.id,
      totpEnabled: user.totpEnabled,
      totpNoticeAt: session.totpNoticeAt,
    };
  }
  return { kind: "signed_in", user: current, session };
});

/** The signed-in staff user, or null (signed out, or the second factor still to give). */
const getCurrentUser = cache(async (): Promise<CurrentUser | null> => {
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

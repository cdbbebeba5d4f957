import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { isRole } from "../../lib/auth/permissions";
import { clientIp, PEER_ADDRESS_HEADER } from "../../lib/net/client-ip";
import { getDb } from "../db";
import { env } from "../env";
import { revokeStaffSessions } from "../staff/revoke-staff-sessions";
import { refreshSessionToken, SessionRevokedError } from "./refresh-session-token";
import { authSecret } from "./secret";
import { verifyStaffCredentials } from "./verify-staff-credentials";

const SignInInput = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(1024),
});

/** Error codes the sign-in form turns into messages (see lib/auth/sign-in-errors.ts). */
export const SIGN_IN_ERROR = { invalid: "InvalidCredentials", throttled: "Throttled" } as const;

// The socket address (set by scripts/serve.mjs), or the client a trusted
// proxy names: never a header the client itself chose.
function requestIp(headers: Record<string, unknown> | undefined): string {
  const header = (name: string) => (typeof headers?.[name] === "string" ? (headers[name] as string) : null);
  return clientIp({
    peer: header(PEER_ADDRESS_HEADER),
    forwardedFor: header("x-forwarded-for"),
    trustedProxies: env().BREACHDESK_TRUSTED_PROXIES,
  });
}

export function authOptions(): NextAuthOptions {
  const maxAge = env().SESSION_MAX_AGE_SECONDS;
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge, updateAge: 15 * 60 },
    jwt: { maxAge },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Staff e-mail and password",
        credentials: { email: { type: "email" }, password: { type: "password" } },
        async authorize(credentials, req) {
          const input = SignInInput.safeParse(credentials);
          if (!input.success) throw new Error(SIGN_IN_ERROR.invalid);
          const result = await verifyStaffCredentials(await getDb(), {
            ...input.data,
            ip: requestIp(req.headers as Record<string, unknown> | undefined),
          });
          if (result.ok)
            return {
              id: result.user.id,
              email: result.user.email,
              name: result.user.name,
              role: result.user.role,
              sessionVersion: result.user.sessionVersion,
            };
          if (result.reason === "throttled") throw new Error(`${SIGN_IN_ERROR.throttled}:${result.retryAfterSeconds}`);
          throw new Error(SIGN_IN_ERROR.invalid);
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          const staff = user as typeof user & { role?: unknown; sessionVersion?: unknown };
          token.sub = staff.id;
          token.role = isRole(staff.role) ? staff.role : undefined;
          token.sv = typeof staff.sessionVersion === "number" ? staff.sessionVersion : 0;
          return token;
        }
        // Every later use: the role as it is now, or no session at all.
        return refreshSessionToken(await getDb(), token);
      },
      session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub, role: token.role, sessionVersion: token.sv } };
      },
    },
    logger: {
      // A revoked session is expected (the cookie is cleared), not an error to log.
      error(code, metadata) {
        const cause = metadata instanceof Error ? metadata : (metadata as { error?: unknown } | undefined)?.error;
        if (code === "JWT_SESSION_ERROR" && cause instanceof Error && cause.name === SessionRevokedError.name) return;
        console.error(`[next-auth] ${code}`, metadata);
      },
      warn(code) {
        console.warn(`[next-auth] ${code}`);
      },
      debug() {},
    },
    events: {
      // Signing out ends the session for good: the version bump makes this
      // cookie (and any copy of it) worthless, not merely deleted here.
      async signOut({ token }) {
        if (!token?.sub || !token.email) return;
        const db = await getDb();
        const user = await db.prisma.staffUser.findUnique({
          where: { id: token.sub },
          select: { sessionVersion: true },
        });
        // A cookie that was already revoked changes nothing.
        if (!user || user.sessionVersion !== token.sv) return;
        await revokeStaffSessions(db, { userId: token.sub }, { id: token.sub, email: token.email }, "signed_out");
      },
    },
  };
}

import "server-only";
import type { NextAuthOptions } from "next-auth";
import type { Provider } from "next-auth/providers/index";
import CredentialsProvider from "next-auth/providers/credentials";
import { groupsFromClaim } from "../../lib/auth/oidc-role-map";
import { z } from "zod";
import { isRole } from "../../lib/auth/permissions";
import { clientIp, PEER_ADDRESS_HEADER } from "../../lib/net/client-ip";
import { getDb } from "../db";
import { env } from "../env";
import { revokeStaffSessions } from "../staff/revoke-staff-sessions";
import { nextAuthLogger } from "./next-auth-logger";
import { refreshSessionToken } from "./refresh-session-token";
import { OIDC_PROVIDER_ID, oidcConfig } from "./oidc-config";
import { authSecret } from "./secret";
import { signInWithSso } from "./sso-sign-in";
import { createStaffSession } from "./staff-session";
import { verifyStaffCredentials } from "./verify-staff-credentials";

const SignInInput = z.object({
  email: z.string().trim().min(3).max(320),
  password: z.string().min(1).max(1024),
});

/** Error codes the sign-in form turns into messages (see lib/auth/sign-in-errors.ts). */
const SIGN_IN_ERROR = {
  invalid: "InvalidCredentials",
  throttled: "Throttled",
  ssoNoRole: "SsoNoRole",
  ssoInactive: "SsoInactive",
  ssoNoEmail: "SsoNoEmail",
  ssoEmailTaken: "SsoEmailTaken",
  ssoLinkRefused: "SsoLinkRefused",
} as const;

type SignedInUser = { id: string; role?: unknown; sessionVersion?: unknown; secondFactorAt?: unknown };

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
    providers: signInProviders(),
    callbacks: {
      // Single sign-on: the staff record (found, linked or made just in time)
      // and its role from the groups claim, or a refusal with its reason.
      async signIn({ user, account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID) return true;
        const config = oidcConfig();
        const claims = (profile ?? {}) as Record<string, unknown>;
        if (!config || typeof claims.sub !== "string") return `/login?error=${SIGN_IN_ERROR.ssoNoRole}`;
        const result = await signInWithSso(await getDb(), {
          identity: {
            issuer: config.issuer,
            subject: claims.sub,
            email: typeof claims.email === "string" ? claims.email : null,
            emailVerified: typeof claims.email_verified === "boolean" ? claims.email_verified : null,
            name: typeof claims.name === "string" ? claims.name : null,
            groups: groupsFromClaim(claims[config.groupsClaim]),
          },
          roleMap: config.roleMap,
          trustedEmailDomains: config.trustedEmailDomains,
        });
        if (!result.ok) {
          const code = {
            no_mapped_group: SIGN_IN_ERROR.ssoNoRole,
            inactive: SIGN_IN_ERROR.ssoInactive,
            no_email: SIGN_IN_ERROR.ssoNoEmail,
            email_taken: SIGN_IN_ERROR.ssoEmailTaken,
            link_refused: SIGN_IN_ERROR.ssoLinkRefused,
          }[result.reason];
          return `/login?error=${code}`;
        }
        // When the person last proved who they are at the provider: step-up's clock.
        const authTime = typeof claims.auth_time === "number" ? new Date(claims.auth_time * 1000) : new Date();
        Object.assign(user, {
          id: result.user.id,
          email: result.user.email,
          name: result.user.name,
          role: result.user.role,
          sessionVersion: result.user.sessionVersion,
          secondFactorAt: authTime > new Date() ? new Date() : authTime,
        });
        return true;
      },
      async jwt({ token, user, account }) {
        if (user) {
          const staff = user as typeof user & SignedInUser;
          const sso = account?.provider === OIDC_PROVIDER_ID;
          token.sub = staff.id;
          token.role = isRole(staff.role) ? staff.role : undefined;
          token.sv = typeof staff.sessionVersion === "number" ? staff.sessionVersion : 0;
          // The server-side record of this sign-in: a password sign-in has
          // given no second factor yet (the TOTP page completes it).
          token.sid = await createStaffSession(await getDb(), {
            staffUserId: staff.id,
            method: sso ? "sso" : "password",
            secondFactorAt: sso && staff.secondFactorAt instanceof Date ? staff.secondFactorAt : null,
            maxAgeSeconds: maxAge,
          });
          return token;
        }
        // Every later use: the role as it is now, or no session at all.
        return refreshSessionToken(await getDb(), token);
      },
      session({ session, token }) {
        return {
          ...session,
          user: { ...session.user, id: token.sub, role: token.role, sessionVersion: token.sv, sid: token.sid },
        };
      },
    },
    // Codes only, into the structured log: a failed callback's error carries
    // the state, nonce and code values it compared.
    logger: nextAuthLogger,
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

function signInProviders(): Provider[] {
  const providers: Provider[] = [];
  if (env().BREACHDESK_PASSWORD_SIGNIN === "on") {
    providers.push(
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
    );
  }
  const sso = oidcConfig();
  if (sso) {
    providers.push({
      id: OIDC_PROVIDER_ID,
      name: sso.name,
      type: "oauth",
      wellKnown: `${sso.issuer}/.well-known/openid-configuration`,
      clientId: sso.clientId,
      clientSecret: sso.clientSecret,
      authorization: { params: { scope: sso.scopes } },
      idToken: true,
      // state and PKCE bind the callback to this browser's request; the nonce
      // binds the ID token to it. A replayed or forged callback fails them.
      checks: ["pkce", "state", "nonce"],
      profile(claims: Record<string, unknown>) {
        return {
          id: String(claims.sub),
          email: typeof claims.email === "string" ? claims.email : null,
          name: typeof claims.name === "string" ? claims.name : null,
        };
      },
    });
  }
  return providers;
}

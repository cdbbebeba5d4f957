import "server-only";
import { headers } from "next/headers";
import type { StepUpMethod } from "../../lib/action-result";
import { secondFactorIsRecent } from "../../lib/auth/second-factor-policy";
import { clientIp, PEER_ADDRESS_HEADER } from "../../lib/net/client-ip";
import { getDb, type Db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { oidcConfig } from "./oidc-config";
import { verifySecondFactor } from "./second-factor";
import { getSignInState } from "./session";
import { getStaffSession } from "./staff-session";

// Step-up: a sensitive action (approving a bulk action or a customer notice
// campaign) needs a recent second factor on the sign-in behind the request.
// One file, three entry points by what the caller has in hand:
//   requireRecentSecondFactor  a request (server action, route handler): reads its session and address
//   checkRecentSecondFactor    a staff id and session id, and maybe a code typed into the prompt
//   assertRecentSecondFactor   the bare freshness test, no code

/** Thrown when a sensitive action needs a fresher second factor; says how to give one. */
export class StepUpRequiredError extends AppError {
  readonly stepUp: StepUpMethod;
  constructor(stepUp: StepUpMethod) {
    super(
      "STEP_UP_REQUIRED",
      stepUp.method === "sso"
        ? `Confirm it is you: sign in again with ${stepUp.provider}, then approve.`
        : "Confirm it is you: enter the code from your authenticator app (or a recovery code).",
    );
    this.stepUp = stepUp;
  }
}

/** A step-up check handed to a sensitive data function (approving a notice campaign): resolves, or throws. */
export type StepUpCheck = () => Promise<void>;

/**
 * The sign-in behind this request must have given its second factor (a TOTP
 * or recovery code, or the identity provider's authentication) within
 * `maxAgeSeconds`. Otherwise throws StepUpRequiredError naming the way to
 * give it: the same provider for an SSO sign-in, a code for a password one.
 * A request with no sign-in record behind it (no session) cannot step up.
 */
export async function assertRecentSecondFactor(
  db: Pick<Db, "prisma">,
  input: {
    staffUserId: string;
    sessionId: string | undefined;
    maxAgeSeconds: number;
    ssoName: string | null;
    now?: Date;
  },
): Promise<void> {
  const now = input.now ?? new Date();
  const session = await getStaffSession(db, { sessionId: input.sessionId, staffUserId: input.staffUserId, now });
  if (!session) {
    throw new AppError("STEP_UP_REQUIRED", "This needs a signed-in staff session with a recent second factor.");
  }
  if (secondFactorIsRecent(session.secondFactorAt, now, input.maxAgeSeconds)) return;
  if (session.method === "sso" && input.ssoName)
    throw new StepUpRequiredError({ method: "sso", provider: input.ssoName });
  const user = await db.prisma.staffUser.findUnique({
    where: { id: input.staffUserId },
    select: { totpEnabledAt: true },
  });
  if (!user?.totpEnabledAt) {
    throw new AppError("STEP_UP_REQUIRED", "Set up an authenticator app first: sign out and sign in again to do it.");
  }
  throw new StepUpRequiredError({ method: "totp" });
}

/**
 * Step-up below the request: with `code` (what the person typed into the
 * prompt), checks it first and records it on this sign-in (a wrong or reused
 * code is a VALIDATION error on `secondFactorCode`); then the sign-in's last
 * second factor must be within `maxAgeSeconds`, else StepUpRequiredError.
 */
export async function checkRecentSecondFactor(
  db: Pick<Db, "prisma">,
  input: {
    staffUserId: string;
    sessionId: string;
    code?: string | null;
    ip?: string | null;
    maxAgeSeconds: number;
    ssoName: string | null;
    now?: Date;
  },
): Promise<void> {
  const code = input.code?.trim();
  if (code) {
    const check = await verifySecondFactor(db, {
      staffUserId: input.staffUserId,
      sessionId: input.sessionId,
      code,
      purpose: "step_up",
      ip: input.ip ?? null,
      now: input.now,
    });
    if (!check.ok) throw new AppError("VALIDATION", check.message, { secondFactorCode: check.message });
  }
  await assertRecentSecondFactor(db, {
    staffUserId: input.staffUserId,
    sessionId: input.sessionId,
    maxAgeSeconds: input.maxAgeSeconds,
    ssoName: input.ssoName,
    now: input.now,
  });
}

/**
 * For server actions and route handlers: checkRecentSecondFactor with the
 * request's session and address and BREACHDESK_STEP_UP_MAX_AGE_SECONDS. Call
 * after the permission check. StepUpRequiredError becomes the prompt in a
 * form (server/action.ts) and 403 STEP_UP_REQUIRED in the REST API.
 */
export async function requireRecentSecondFactor(options: { code?: string | null } = {}): Promise<void> {
  const h = await headers();
  // An API token cannot give a second factor: approvals are for people. Checked
  // first, so that a session cookie riding along with a token lends it nothing.
  if (h.get("authorization"))
    throw new AppError("FORBIDDEN", "An API token cannot approve: a person signs in and gives a second factor.");
  const state = await getSignInState();
  if (state.kind !== "signed_in")
    throw new AppError("UNAUTHENTICATED", "Your session has ended. Please sign in again.");
  await checkRecentSecondFactor(await getDb(), {
    staffUserId: state.user.id,
    sessionId: state.session.id,
    code: options.code,
    ip: clientIp({
      peer: h.get(PEER_ADDRESS_HEADER),
      forwardedFor: h.get("x-forwarded-for"),
      trustedProxies: env().BREACHDESK_TRUSTED_PROXIES,
    }),
    maxAgeSeconds: env().BREACHDESK_STEP_UP_MAX_AGE_SECONDS,
    ssoName: oidcConfig()?.name ?? null,
  });
}

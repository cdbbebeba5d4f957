import "server-only";
import { headers } from "next/headers";
import { clientIp, PEER_ADDRESS_HEADER } from "../../lib/net/client-ip";
import { getDb } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { assertRecentSecondFactor } from "./assert-recent-second-factor";
import { oidcConfig } from "./oidc-config";
import { verifySecondFactor } from "./second-factor";
import { getSignInState } from "./session";

/**
 * For server actions and route handlers of sensitive actions (approving a
 * bulk action; customer notices once they land): call after authorize().
 * With `code` (what the user typed into the step-up prompt), checks it first
 * and records it on this sign-in. Then the sign-in's last second factor must
 * be within BREACHDESK_STEP_UP_MAX_AGE_SECONDS, else StepUpRequiredError
 * (actionError turns it into the prompt; route handlers answer 403
 * STEP_UP_REQUIRED).
 */
export async function requireRecentSecondFactor(options: { code?: string | null } = {}): Promise<void> {
  const state = await getSignInState();
  if (state.kind !== "signed_in") {
    // An API token cannot give a second factor: approvals are for people.
    if ((await headers()).get("authorization"))
      throw new AppError("FORBIDDEN", "An API token cannot approve: a person signs in and gives a second factor.");
    throw new AppError("UNAUTHENTICATED", "Your session has ended. Please sign in again.");
  }
  const db = await getDb();
  const code = options.code?.trim();
  if (code) {
    const h = await headers();
    const check = await verifySecondFactor(db, {
      staffUserId: state.user.id,
      sessionId: state.session.id,
      code,
      purpose: "step_up",
      ip: clientIp({
        peer: h.get(PEER_ADDRESS_HEADER),
        forwardedFor: h.get("x-forwarded-for"),
        trustedProxies: env().BREACHDESK_TRUSTED_PROXIES,
      }),
    });
    if (!check.ok) throw new AppError("VALIDATION", check.message, { secondFactorCode: check.message });
  }
  await assertRecentSecondFactor(db, {
    staffUserId: state.user.id,
    sessionId: state.session.id,
    maxAgeSeconds: env().BREACHDESK_STEP_UP_MAX_AGE_SECONDS,
    ssoName: oidcConfig()?.name ?? null,
  });
}

import "server-only";
import { headers } from "next/headers";
import { clientIp, PEER_ADDRESS_HEADER } from "../../lib/net/client-ip";
import { getDb } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { checkRecentSecondFactor } from "./check-recent-second-factor";
import { oidcConfig } from "./oidc-config";
import { getSignInState } from "./session";

/**
 * For server actions and route handlers of sensitive actions (approving a
 * bulk action or a customer notice campaign): call after authorize(). With
 * `code` (what the user typed into the step-up prompt), checks it first and
 * records it on this sign-in. Then the sign-in's last second factor must be
 * within BREACHDESK_STEP_UP_MAX_AGE_SECONDS, else StepUpRequiredError
 * (actionError turns it into the prompt; route handlers answer 403
 * STEP_UP_REQUIRED).
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

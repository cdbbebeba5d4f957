import { z } from "zod";
import { apiHandler } from "@/server/api-handler";
import { ageSecondFactor } from "@/server/auth/age-second-factor";
import { getSignInState } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { apiJson, parseJsonBody } from "@/server/http/idempotency";

export const dynamic = "force-dynamic";

const AgeBody = z.object({
  ageSeconds: z
    .number()
    .int()
    .min(1)
    .max(24 * 3600),
});

/**
 * Test hook for the e2e step-up tests (BREACHDESK_E2E_HOOKS=on, else 404):
 * the caller's own sign-in counts its second factor as given `ageSeconds`
 * ago, so the next approval asks for a code without the test waiting out the
 * window. It only takes away: no other sign-in, and never a fresher time.
 */
export const POST = apiHandler("incidents.read", async (request) => {
  const { ageSeconds } = await parseJsonBody(request, AgeBody);
  if (env().BREACHDESK_E2E_HOOKS !== "on") throw new AppError("NOT_FOUND", "No such route.");
  if (request.headers.get("authorization")) throw new AppError("FORBIDDEN", "An API token has no sign-in to age.");
  const state = await getSignInState();
  if (state.kind !== "signed_in")
    throw new AppError("UNAUTHENTICATED", "Your session has ended. Please sign in again.");
  const secondFactorAt = await ageSecondFactor(await getDb(), {
    staffUserId: state.user.id,
    sessionId: state.session.id,
    ageSeconds,
  });
  return apiJson({ secondFactorAt });
});

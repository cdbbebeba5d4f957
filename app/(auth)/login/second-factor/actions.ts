"use server";

import { headers } from "next/headers";
import { z } from "zod";
import type { ActionResult } from "@/lib/action-result";
import { clientIp, PEER_ADDRESS_HEADER } from "@/lib/net/client-ip";
import { actionError } from "@/server/action-errors";
import { confirmTotpEnrolment, verifySecondFactor } from "@/server/auth/second-factor";
import { getSignInState } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";

// The second step of a password sign-in: a code (or a recovery code), or the
// set-up of an authenticator app for someone who must have one. Only a
// sign-in waiting for its second factor may use these.

const CodeInput = z.object({ code: z.string().trim().min(1, "Enter the code.").max(64) });

async function pendingSignIn() {
  const state = await getSignInState();
  if (state.kind === "signed_out")
    throw new AppError("UNAUTHENTICATED", "Your session has ended. Please sign in again.");
  if (state.kind === "signed_in") throw new AppError("CONFLICT", "You are already signed in.");
  return state;
}

async function requestIp(): Promise<string> {
  const h = await headers();
  return clientIp({
    peer: h.get(PEER_ADDRESS_HEADER),
    forwardedFor: h.get("x-forwarded-for"),
    trustedProxies: env().BREACHDESK_TRUSTED_PROXIES,
  });
}

export async function verifySecondFactorAction(
  _previous: ActionResult | null,
  formData: FormData,
): Promise<ActionResult> {
  try {
    const state = await pendingSignIn();
    const { code } = CodeInput.parse({ code: formData.get("code") });
    const check = await verifySecondFactor(await getDb(), {
      staffUserId: state.user.id,
      sessionId: state.sessionId,
      code,
      purpose: "sign_in",
      ip: await requestIp(),
    });
    if (!check.ok) return { ok: false, message: check.message, fieldErrors: { code: check.message } };
    return {
      ok: true,
      message:
        check.method === "recovery_code" ? "Signed in with a recovery code: it cannot be used again." : "Signed in.",
    };
  } catch (error) {
    return actionError(error);
  }
}

export type EnrolmentResult = { ok: true; recoveryCodes: string[] } | Extract<ActionResult, { ok: false }>;

export async function confirmTotpEnrolmentAction(
  _previous: EnrolmentResult | null,
  formData: FormData,
): Promise<EnrolmentResult> {
  try {
    const state = await pendingSignIn();
    if (state.totpEnabled) throw new AppError("CONFLICT", "A second factor is already set up.");
    const { code } = CodeInput.parse({ code: formData.get("code") });
    const { recoveryCodes } = await confirmTotpEnrolment(await getDb(), {
      staffUserId: state.user.id,
      sessionId: state.sessionId,
      code,
      ip: await requestIp(),
    });
    return { ok: true, recoveryCodes };
  } catch (error) {
    const result = actionError(error);
    return result.ok ? { ok: false, message: result.message } : result;
  }
}

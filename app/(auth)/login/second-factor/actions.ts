"use server";

import { headers } from "next/headers";
import { z } from "zod";
import type { EnrolmentResult } from "@/lib/auth/contracts";
import { clientIp, PEER_ADDRESS_HEADER } from "@/lib/net/client-ip";
import { defineAction } from "@/server/action";
import { confirmTotpEnrolment, verifySecondFactor } from "@/server/auth/second-factor";
import { getSignInState } from "@/server/auth/session";
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

export const verifySecondFactorAction = defineAction({
  permission: { authenticate: pendingSignIn },
  args: (_previous: unknown, formData: FormData) => ({ input: { code: formData.get("code") } }),
  input: CodeInput,
  run: async ({ db, input, user: signIn }) => {
    const check = await verifySecondFactor(db, {
      staffUserId: signIn.user.id,
      sessionId: signIn.sessionId,
      code: input.code,
      purpose: "sign_in",
      ip: await requestIp(),
    });
    if (!check.ok) return { ok: false as const, message: check.message, fieldErrors: { code: check.message } };
    return {
      ok: true as const,
      message:
        check.method === "recovery_code" ? "Signed in with a recovery code: it cannot be used again." : "Signed in.",
    };
  },
});

export const confirmTotpEnrolmentAction = defineAction({
  permission: {
    authenticate: async () => {
      const state = await pendingSignIn();
      if (state.totpEnabled) throw new AppError("CONFLICT", "A second factor is already set up.");
      return state;
    },
  },
  args: (_previous: EnrolmentResult | null, formData: FormData) => ({ input: { code: formData.get("code") } }),
  input: CodeInput,
  run: async ({ db, input, user: signIn }) => {
    const { recoveryCodes } = await confirmTotpEnrolment(db, {
      staffUserId: signIn.user.id,
      sessionId: signIn.sessionId,
      code: input.code,
      ip: await requestIp(),
    });
    return { ok: true as const, recoveryCodes };
  },
});

import type { Db } from "../db";
import { AppError } from "../errors";
import { assertRecentSecondFactor } from "./assert-recent-second-factor";
import { verifySecondFactor } from "./second-factor";

/** A step-up check handed to a sensitive data function (approving a notice campaign): resolves, or throws. */
export type StepUpCheck = () => Promise<void>;

/**
 * Step-up below the request: with `code` (what the person typed into the
 * prompt), checks it first and records it on this sign-in (a wrong or reused
 * code is a VALIDATION error on `secondFactorCode`); then the sign-in's last
 * second factor must be within `maxAgeSeconds`, else StepUpRequiredError.
 * requireRecentSecondFactor() is this with the request's session and address.
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

import type { StepUpMethod } from "../../lib/action-result";
import { secondFactorIsRecent } from "../../lib/auth/second-factor-policy";
import type { Db } from "../db";
import { AppError } from "../errors";
import { getStaffSession } from "./staff-session";

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

/**
 * Step-up: the sign-in behind this request must have given its second factor
 * (a TOTP or recovery code, or the identity provider's authentication) within
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

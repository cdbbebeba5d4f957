import { createHash, randomBytes } from "node:crypto";
import { parseSecondFactorInput } from "../../lib/auth/second-factor-policy";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import type { Db } from "../db";
import { AppError } from "../errors";
import { acceptTotpCode, newTotpSecret, openTotpSecret, sealTotpSecret, totpUri } from "./totp";

const RECOVERY_CODE_COUNT = 10;
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

/** "abcde-fghij": 10 base32 characters, 50 random bits. */
function newRecoveryCode(): string {
  const bytes = randomBytes(10);
  const chars = [...bytes].map((b) => BASE32[b & 31]).join("");
  return `${chars.slice(0, 5)}-${chars.slice(5)}`;
}

function hashRecoveryCode(code: string): string {
  return createHash("sha256").update(code.replace(/[\s-]/g, "").toLowerCase()).digest("hex");
}

type Tx = Parameters<Parameters<Db["prisma"]["$transaction"]>[0]>[0];

/**
 * Starts enrolment for one sign-in (`sessionId`, the staff_sessions row): a new
 * secret kept pending until a code from the app confirms it. Returns what the
 * enrolment page shows. The secret is shown only to the sign-in that made it
 * (reloading the page shows it again: it may have been scanned); enrolment
 * from any other sign-in makes a new secret and voids the first, so someone
 * who has only the password never sees the secret the person then confirms.
 */
export async function startTotpEnrolment(
  db: Pick<Db, "prisma">,
  input: { staffUserId: string; sessionId: string; now?: Date; ip?: string | null },
): Promise<{ secret: string; uri: string }> {
  const { staffUserId, sessionId } = input;
  return db.prisma.$transaction(async (tx) => {
    await tx.$queryRawUnsafe(`SELECT id FROM staff_users WHERE id = $1::uuid FOR UPDATE`, staffUserId);
    const user = await tx.staffUser.findUniqueOrThrow({
      where: { id: staffUserId },
      select: { email: true, totpPendingSecret: true, totpPendingSessionId: true, totpSecret: true },
    });
    if (user.totpSecret) throw new AppError("CONFLICT", "A second factor is already set up.");
    const session = await tx.staffSession.findFirst({ where: { id: sessionId, staffUserId }, select: { id: true } });
    if (!session) throw new AppError("UNAUTHENTICATED", "Your session has ended. Please sign in again.");
    if (user.totpPendingSecret && user.totpPendingSessionId === sessionId) {
      const shown = openTotpSecret(staffUserId, user.totpPendingSecret);
      return { secret: shown, uri: totpUri(shown, user.email) };
    }
    const secret = newTotpSecret();
    await tx.staffUser.update({
      where: { id: staffUserId },
      data: { totpPendingSecret: sealTotpSecret(staffUserId, secret), totpPendingSessionId: sessionId },
    });
    if (user.totpPendingSecret) {
      // Another sign-in had started: its secret is void now. Worth a line in
      // the audit log, since it may be someone else holding the password.
      await recordAudit(tx, {
        actor: { id: staffUserId, email: user.email },
        action: "auth.totp_enrolment_restarted",
        targetType: "staff_user",
        targetId: staffUserId,
        ip: input.ip ?? null,
        at: input.now ?? new Date(),
      });
    }
    return { secret, uri: totpUri(secret, user.email) };
  });
}

async function markSecondFactor(tx: Tx, sessionId: string | null, staffUserId: string, now: Date) {
  if (!sessionId) return;
  await tx.staffSession.updateMany({ where: { id: sessionId, staffUserId }, data: { secondFactorAt: now } });
}

/**
 * Confirms enrolment with a code from the app: the secret becomes the user's,
 * the code's step is spent, recovery codes are made (returned once, stored
 * hashed), and this sign-in counts as having given its second factor.
 */
export async function confirmTotpEnrolment(
  db: Pick<Db, "prisma">,
  input: { staffUserId: string; sessionId: string | null; code: string; now?: Date; ip?: string | null },
): Promise<{ recoveryCodes: string[] }> {
  const now = input.now ?? new Date();
  return db.prisma.$transaction(async (tx) => {
    const rows = await tx.$queryRawUnsafe<{ id: string }[]>(
      `SELECT id FROM staff_users WHERE id = $1::uuid FOR UPDATE`,
      input.staffUserId,
    );
    if (rows.length === 0) throw new AppError("NOT_FOUND", "That staff user does not exist.");
    const user = await tx.staffUser.findUniqueOrThrow({ where: { id: input.staffUserId } });
    if (user.totpSecret) throw new AppError("CONFLICT", "A second factor is already set up.");
    // Only the sign-in that was shown the pending secret may confirm it: a
    // set-up started elsewhere since has voided it.
    if (!user.totpPendingSecret || !input.sessionId || user.totpPendingSessionId !== input.sessionId) {
      throw new AppError("CONFLICT", "Start the set-up again: this key is no longer valid. Reload the page.");
    }
    const secret = openTotpSecret(user.id, user.totpPendingSecret);
    const step = acceptTotpCode({ secret, code: input.code.replace(/\s/g, ""), now, lastStep: null });
    if (step === null) {
      throw new AppError("VALIDATION", "That code is not right. Check the app's clock and try the current code.", {
        code: "Wrong code.",
      });
    }
    const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await tx.staffUser.update({
      where: { id: user.id },
      data: {
        totpSecret: user.totpPendingSecret,
        totpPendingSecret: null,
        totpPendingSessionId: null,
        totpEnabledAt: now,
        totpLastStep: step,
        // The person's next sign-ins say so, until one of them completes.
        totpNoticeAt: now,
      },
    });
    await tx.staffRecoveryCode.deleteMany({ where: { staffUserId: user.id } });
    await tx.staffRecoveryCode.createMany({
      data: recoveryCodes.map((code) => ({ staffUserId: user.id, codeHash: hashRecoveryCode(code), createdAt: now })),
    });
    await markSecondFactor(tx, input.sessionId, user.id, now);
    await recordAudit(tx, {
      actor: { id: user.id, email: user.email },
      action: "auth.totp_enrolled",
      targetType: "staff_user",
      targetId: user.id,
      ip: input.ip ?? null,
      at: now,
    });
    return { recoveryCodes };
  });
}

const MAX_WRONG_CODES_PER_SIGN_IN = 5;
export const TOO_MANY_WRONG_CODES = "Too many wrong codes for this sign-in. Sign out and sign in again.";

export type SecondFactorCheck = { ok: true; method: "totp" | "recovery_code" } | { ok: false; message: string };

/**
 * Checks a TOTP code or a recovery code for a user who has enrolled, and on
 * success records it on the sign-in (`sessionId`), which both completes a
 * password sign-in and refreshes step-up. A code of a step already used, or a
 * recovery code already used, is refused. Failures are audited and counted by
 * the sign-in throttle (same table, same limits). Five wrong codes lock the
 * sign-in that gave them, not the person: someone who has only the password
 * cannot stop the person's own sign-ins from taking codes.
 */
export async function verifySecondFactor(
  db: Pick<Db, "prisma">,
  input: {
    staffUserId: string;
    sessionId: string | null;
    code: string;
    now?: Date;
    ip?: string | null;
    purpose: "sign_in" | "step_up";
  },
): Promise<SecondFactorCheck> {
  const now = input.now ?? new Date();
  const parsed = parseSecondFactorInput(input.code);
  return db.prisma.$transaction(async (tx) => {
    // One check at a time per user: two requests with the same code cannot both pass.
    await tx.$queryRawUnsafe(`SELECT id FROM staff_users WHERE id = $1::uuid FOR UPDATE`, input.staffUserId);
    const user = await tx.staffUser.findUniqueOrThrow({ where: { id: input.staffUserId } });
    const actor: AuditActor = { id: user.id, email: user.email };
    if (!user.totpSecret) return { ok: false, message: "Set up your authenticator app first." };
    const session = input.sessionId
      ? await tx.staffSession.findFirst({
          where: { id: input.sessionId, staffUserId: user.id },
          select: { id: true, secondFactorFailures: true, totpNoticeAt: true },
        })
      : null;
    if (!session) return { ok: false, message: "Your session has ended. Please sign in again." };
    if (session.secondFactorFailures >= MAX_WRONG_CODES_PER_SIGN_IN) {
      return { ok: false, message: TOO_MANY_WRONG_CODES };
    }

    let method: "totp" | "recovery_code" | null = null;
    if (parsed?.kind === "totp") {
      const step = acceptTotpCode({
        secret: openTotpSecret(user.id, user.totpSecret),
        code: parsed.code,
        now,
        lastStep: user.totpLastStep,
      });
      if (step !== null) {
        await tx.staffUser.update({ where: { id: user.id }, data: { totpLastStep: step } });
        method = "totp";
      }
    } else if (parsed?.kind === "recovery") {
      const used = await tx.staffRecoveryCode.updateMany({
        where: { staffUserId: user.id, codeHash: hashRecoveryCode(parsed.code), usedAt: null },
        data: { usedAt: now },
      });
      if (used.count === 1) method = "recovery_code";
    }

    if (!method) {
      await tx.staffSession.update({
        where: { id: session.id },
        data: { secondFactorFailures: { increment: 1 } },
      });
      await tx.signInAttempt.create({
        data: {
          email: user.email,
          ip: input.ip ?? "unknown",
          succeeded: false,
          reason: "bad_second_factor",
          createdAt: now,
        },
      });
      await recordAudit(tx, {
        actor,
        action: "auth.second_factor_failed",
        targetType: "staff_user",
        targetId: user.id,
        detail: { purpose: input.purpose },
        ip: input.ip ?? null,
        at: now,
      });
      return { ok: false, message: "That code is not right, or it was already used." };
    }
    await markSecondFactor(tx, session.id, user.id, now);
    // A sign-in that told the person about a new authenticator, and is now
    // complete: the person has seen it, later sign-ins need not say it again.
    if (session.totpNoticeAt && user.totpNoticeAt && session.totpNoticeAt.getTime() === user.totpNoticeAt.getTime()) {
      await tx.staffUser.update({ where: { id: user.id }, data: { totpNoticeAt: null } });
    }
    await recordAudit(tx, {
      actor,
      action: input.purpose === "sign_in" ? "auth.second_factor_passed" : "auth.step_up_passed",
      targetType: "staff_user",
      targetId: user.id,
      detail: { method },
      ip: input.ip ?? null,
      at: now,
    });
    return { ok: true, method };
  });
}

/**
 * An admin clears another staff member's second factor (a lost phone): the
 * secret and recovery codes go, their sessions end, and they set it up again
 * at their next password sign-in. Audited.
 */
export async function resetStaffSecondFactor(
  db: Pick<Db, "prisma">,
  input: { userId: string },
  actor: { id: string; email: string },
): Promise<{ email: string }> {
  if (input.userId === actor.id) {
    throw new AppError("FORBIDDEN", "Ask another admin to reset your own second factor.");
  }
  return db.prisma.$transaction(async (tx) => {
    const user = await tx.staffUser.findUnique({ where: { id: input.userId }, select: { id: true, email: true } });
    if (!user) throw new AppError("NOT_FOUND", "That staff user does not exist.");
    await tx.staffUser.update({
      where: { id: user.id },
      data: {
        totpSecret: null,
        totpPendingSecret: null,
        totpPendingSessionId: null,
        totpEnabledAt: null,
        totpLastStep: null,
        sessionVersion: { increment: 1 },
      },
    });
    await tx.staffRecoveryCode.deleteMany({ where: { staffUserId: user.id } });
    await tx.staffSession.deleteMany({ where: { staffUserId: user.id } });
    await recordAudit(tx, {
      actor,
      action: "staff.second_factor_reset",
      targetType: "staff_user",
      targetId: user.id,
      detail: { email: user.email },
    });
    return { email: user.email };
  });
}

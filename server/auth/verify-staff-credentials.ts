import { decideThrottle, THROTTLE } from "../../lib/auth/throttle";
import type { Role } from "../../lib/auth/permissions";
import { recordAudit } from "../audit/record-audit";
import type { Db } from "../db";
import { burnPasswordCheck, verifyPassword } from "./password";

type SignedInStaff = { id: string; email: string; name: string; role: Role; sessionVersion: number };

export type CredentialCheck =
  | { ok: true; user: SignedInStaff }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

export function normalizeStaffEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Checks a staff sign-in. Failures are counted per e-mail address and per IP
 * since the later of the throttle window's start and the last success; past
 * the limit the password is not even checked.
 */
export async function verifyStaffCredentials(
  db: Db,
  input: { email: string; password: string; ip: string; now?: Date },
): Promise<CredentialCheck> {
  const { prisma, sql } = db;
  const email = normalizeStaffEmail(input.email);
  const now = input.now ?? new Date();
  const windowStart = new Date(now.getTime() - THROTTLE.windowMinutes * 60_000);

  const [counts] = await sql.query<{ for_email: number; for_ip: number; oldest: Date | string | null }>(
    `WITH last_success AS (
       SELECT coalesce(max(created_at), 'epoch'::timestamptz) AS at
         FROM sign_in_attempts WHERE email = $1 AND succeeded
     ), failures AS (
       SELECT email, ip, created_at FROM sign_in_attempts
        WHERE NOT succeeded AND reason <> 'throttled' AND created_at > $3
     )
     SELECT
       (SELECT count(*) FROM failures, last_success WHERE email = $1 AND created_at > last_success.at)::int AS for_email,
       (SELECT count(*) FROM failures WHERE ip = $2)::int AS for_ip,
       (SELECT min(created_at) FROM failures, last_success
         WHERE (email = $1 AND created_at > last_success.at) OR ip = $2) AS oldest`,
    [email, input.ip, windowStart.toISOString()],
  );
  const decision = decideThrottle({
    failuresForEmail: counts?.for_email ?? 0,
    failuresForIp: counts?.for_ip ?? 0,
    oldestRelevantFailureAt: counts?.oldest ? new Date(counts.oldest) : null,
    now,
  });
  if (!decision.allowed) {
    await prisma.signInAttempt.create({
      data: { email, ip: input.ip, succeeded: false, reason: "throttled", createdAt: now },
    });
    return { ok: false, reason: "throttled", retryAfterSeconds: decision.retryAfterSeconds };
  }

  const user = await prisma.staffUser.findUnique({ where: { email } });
  const passwordOk = user ? await verifyPassword(user.passwordHash, input.password) : false;
  if (!user) await burnPasswordCheck(input.password);
  if (!user || !passwordOk || !user.active) {
    const reason = !user ? "unknown_user" : !passwordOk ? "bad_password" : "inactive";
    await prisma.signInAttempt.create({ data: { email, ip: input.ip, succeeded: false, reason, createdAt: now } });
    return { ok: false, reason: "invalid" };
  }

  await prisma.$transaction([
    prisma.signInAttempt.create({ data: { email, ip: input.ip, succeeded: true, createdAt: now } }),
    prisma.staffUser.update({ where: { id: user.id }, data: { lastSignInAt: now } }),
  ]);
  await recordAudit(prisma, {
    actor: { id: user.id, email: user.email },
    action: "auth.signed_in",
    targetType: "staff_user",
    targetId: user.id,
    ip: input.ip,
  });
  return {
    ok: true,
    user: { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion },
  };
}

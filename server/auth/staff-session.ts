import type { Db } from "../db";
import type { Role } from "../../lib/auth/permissions";
import { isRole } from "../../lib/auth/permissions";
import { preparedSql } from "../db/driver";

export type SignInMethod = "password" | "sso";

/**
 * Opens the server-side record of one sign-in; its id goes into the session
 * cookie as "sid". `secondFactorAt` is null for a password sign-in until the
 * user gives their code, and the identity provider's auth_time for SSO.
 * Expired rows of every user are cleared on the way (sessions are short).
 * When an authenticator was set up since the person last completed a sign-in,
 * this sign-in carries the notice; one that is complete already (SSO) has
 * shown it, so later ones need not.
 */
export async function createStaffSession(
  db: Pick<Db, "prisma">,
  input: { staffUserId: string; method: SignInMethod; secondFactorAt: Date | null; maxAgeSeconds: number; now?: Date },
): Promise<string> {
  const now = input.now ?? new Date();
  await db.prisma.staffSession.deleteMany({ where: { expiresAt: { lt: now } } });
  return db.prisma.$transaction(async (tx) => {
    const user = await tx.staffUser.findUniqueOrThrow({
      where: { id: input.staffUserId },
      select: { totpNoticeAt: true },
    });
    const session = await tx.staffSession.create({
      data: {
        staffUserId: input.staffUserId,
        method: input.method,
        secondFactorAt: input.secondFactorAt,
        totpNoticeAt: user.totpNoticeAt,
        createdAt: now,
        expiresAt: new Date(now.getTime() + input.maxAgeSeconds * 1000),
      },
      select: { id: true },
    });
    if (user.totpNoticeAt && input.secondFactorAt) {
      await tx.staffUser.updateMany({
        where: { id: input.staffUserId, totpNoticeAt: user.totpNoticeAt },
        data: { totpNoticeAt: null },
      });
    }
    return session.id;
  });
}

export type StaffSessionState = {
  id: string;
  method: SignInMethod;
  secondFactorAt: Date | null;
  /** When an authenticator was set up that this sign-in tells the person about. */
  totpNoticeAt: Date | null;
};

/** The sign-in behind a cookie, if it belongs to that user and has not expired. */
export async function getStaffSession(
  db: Pick<Db, "prisma">,
  input: { sessionId: string | undefined; staffUserId: string; now?: Date },
): Promise<StaffSessionState | null> {
  if (!input.sessionId || !/^[0-9a-f-]{36}$/i.test(input.sessionId)) return null;
  const row = await db.prisma.staffSession.findUnique({
    where: { id: input.sessionId },
    select: { id: true, staffUserId: true, method: true, secondFactorAt: true, expiresAt: true, totpNoticeAt: true },
  });
  if (!row || row.staffUserId !== input.staffUserId || row.expiresAt < (input.now ?? new Date())) return null;
  return {
    id: row.id,
    method: row.method === "sso" ? "sso" : "password",
    secondFactorAt: row.secondFactorAt,
    totpNoticeAt: row.totpNoticeAt,
  };
}

export type SignedInStaff = {
  user: {
    id: string;
    email: string;
    name: string;
    role: Role;
    active: boolean;
    sessionVersion: number;
    totpEnabled: boolean;
  };
  session: StaffSessionState;
};

const SESSION_BY_ID = preparedSql(
  "staff-session-by-id",
  `SELECT u.id, u.email, u.name, u.role::text AS role, u.active, u.session_version,
            u.totp_enabled_at IS NOT NULL AS totp_enabled, s.method::text AS method, s.second_factor_at,
            s.totp_notice_at
       FROM staff_sessions s JOIN staff_users u ON u.id = s.staff_user_id
      WHERE s.id = $1::uuid AND s.staff_user_id = $2::uuid AND s.expires_at >= $3`,
);

/**
 * The staff member and their sign-in behind a session cookie, in one query:
 * it runs for every page and request, so it goes straight to SQL rather than
 * through two Prisma lookups (each pays Prisma's query compilation). Null when
 * the sign-in record is gone, expired or not that user's.
 */
export async function getSignedInStaff(
  db: Pick<Db, "sql">,
  input: { sessionId: string | undefined; staffUserId: string; now?: Date },
): Promise<SignedInStaff | null> {
  if (!input.sessionId || !/^[0-9a-f-]{36}$/i.test(input.sessionId)) return null;
  const [row] = await db.sql.query<{
    id: string;
    email: string;
    name: string;
    role: string;
    active: boolean;
    session_version: number;
    totp_enabled: boolean;
    method: string;
    second_factor_at: Date | string | null;
    totp_notice_at: Date | string | null;
  }>(SESSION_BY_ID, [input.sessionId, input.staffUserId, input.now ?? new Date()]);
  if (!row || !isRole(row.role)) return null;
  return {
    user: {
      id: row.id,
      email: row.email,
      name: row.name,
      role: row.role,
      active: row.active,
      sessionVersion: Number(row.session_version),
      totpEnabled: row.totp_enabled,
    },
    session: {
      id: input.sessionId,
      method: row.method === "sso" ? "sso" : "password",
      secondFactorAt: row.second_factor_at === null ? null : new Date(row.second_factor_at),
      totpNoticeAt: row.totp_notice_at === null ? null : new Date(row.totp_notice_at),
    },
  };
}

import type { Db } from "../db";

export type SignInMethod = "password" | "sso";

/**
 * Opens the server-side record of one sign-in; its id goes into the session
 * cookie as "sid". `secondFactorAt` is null for a password sign-in until the
 * user gives their code, and the identity provider's auth_time for SSO.
 * Expired rows of every user are cleared on the way (sessions are short).
 */
export async function createStaffSession(
  db: Pick<Db, "prisma">,
  input: { staffUserId: string; method: SignInMethod; secondFactorAt: Date | null; maxAgeSeconds: number; now?: Date },
): Promise<string> {
  const now = input.now ?? new Date();
  await db.prisma.staffSession.deleteMany({ where: { expiresAt: { lt: now } } });
  const session = await db.prisma.staffSession.create({
    data: {
      staffUserId: input.staffUserId,
      method: input.method,
      secondFactorAt: input.secondFactorAt,
      createdAt: now,
      expiresAt: new Date(now.getTime() + input.maxAgeSeconds * 1000),
    },
    select: { id: true },
  });
  return session.id;
}

export type StaffSessionState = { id: string; method: SignInMethod; secondFactorAt: Date | null };

/** The sign-in behind a cookie, if it belongs to that user and has not expired. */
export async function getStaffSession(
  db: Pick<Db, "prisma">,
  input: { sessionId: string | undefined; staffUserId: string; now?: Date },
): Promise<StaffSessionState | null> {
  if (!input.sessionId || !/^[0-9a-f-]{36}$/i.test(input.sessionId)) return null;
  const row = await db.prisma.staffSession.findUnique({
    where: { id: input.sessionId },
    select: { id: true, staffUserId: true, method: true, secondFactorAt: true, expiresAt: true },
  });
  if (!row || row.staffUserId !== input.staffUserId || row.expiresAt < (input.now ?? new Date())) return null;
  return { id: row.id, method: row.method === "sso" ? "sso" : "password", secondFactorAt: row.secondFactorAt };
}

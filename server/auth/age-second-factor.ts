import type { Db } from "../db";

/**
 * Test hook (e2e, behind BREACHDESK_E2E_HOOKS): this sign-in's second factor
 * counts as given `ageSeconds` ago, or earlier if it already was. Moves the
 * time back only, so it can only make step-up ask again, never spare it.
 * Returns the new time, or null when the sign-in has none to age.
 */
export async function ageSecondFactor(
  db: Pick<Db, "prisma">,
  input: { staffUserId: string; sessionId: string; ageSeconds: number; now?: Date },
): Promise<Date | null> {
  const then = new Date((input.now ?? new Date()).getTime() - input.ageSeconds * 1000);
  const session = await db.prisma.staffSession.findFirst({
    where: { id: input.sessionId, staffUserId: input.staffUserId, secondFactorAt: { not: null } },
    select: { secondFactorAt: true },
  });
  if (!session?.secondFactorAt) return null;
  if (session.secondFactorAt <= then) return session.secondFactorAt;
  await db.prisma.staffSession.update({ where: { id: input.sessionId }, data: { secondFactorAt: then } });
  return then;
}

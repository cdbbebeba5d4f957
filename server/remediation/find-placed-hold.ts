import "server-only";
import type { Db } from "../db";

/** The hold a single action placed on an account (its id and end), if it placed one. */
export async function findPlacedHold(
  db: Db,
  where: { incidentId: string; accountId: number; bulkActionId: string | null | undefined },
): Promise<{ id: string; expiresAt: Date | null } | null> {
  return db.prisma.withdrawalHold.findFirst({
    where: { incidentId: where.incidentId, accountId: where.accountId, bulkActionId: where.bulkActionId },
    select: { id: true, expiresAt: true },
  });
}

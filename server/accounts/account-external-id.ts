import "server-only";
import type { Db } from "../db";
import { AppError } from "../errors";

/**
 * The internal id of an account named by the exchange's own account id. Unknown
 * and not-exposed ids get the same answer, so the URL cannot probe customers
 * outside the incident (runSingleAction checks the exposure).
 */
export async function accountIdByExternalIdOrThrow(db: Db, externalId: string): Promise<number> {
  const account = await db.prisma.customerAccount.findUnique({ where: { externalId }, select: { id: true } });
  if (!account) throw new AppError("NOT_FOUND", "This account is not exposed in this incident.");
  return account.id;
}

/** The exchange's own id of an account the caller already holds (a hold's account). */
export async function getAccountExternalIdOrThrow(db: Db, accountId: number): Promise<string> {
  const account = await db.prisma.customerAccount.findUniqueOrThrow({
    where: { id: accountId },
    select: { externalId: true },
  });
  return account.externalId;
}

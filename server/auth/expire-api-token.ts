import type { Db } from "../db";
import { hashApiToken, looksLikeApiToken } from "../timeline/api-tokens/token-secret";

/**
 * Test hook (e2e, behind BREACHDESK_E2E_HOOKS): the API token with this
 * secret expires now, or stays expired if it already was. It moves the
 * expiry earlier only, so it can only end a token, never extend one. True
 * when there was such a token.
 */
export async function expireApiTokenNow(db: Pick<Db, "prisma">, secret: string, now = new Date()): Promise<boolean> {
  if (!looksLikeApiToken(secret)) return false;
  const where = { tokenHash: hashApiToken(secret) };
  const found = await db.prisma.apiToken.count({ where });
  await db.prisma.apiToken.updateMany({ where: { ...where, expiresAt: { gt: now } }, data: { expiresAt: now } });
  return found > 0;
}

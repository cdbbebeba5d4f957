import "server-only";
import { can, type Permission } from "../../lib/auth/permissions";
import type { Db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { KeyRateLimit } from "../http/key-rate-limit";
import { bearerToken, hashApiToken, looksLikeApiToken } from "../timeline/api-tokens/token-secret";
import type { CurrentUser } from "./session";

/** Who a request with an API token acts as: the token's role, on behalf of its creator. */
export type TokenPrincipal = CurrentUser & { tokenId: string; incidentId: string | null };

const REFUSED = "A valid API token is required (Authorization: Bearer <token>).";
let limiter: KeyRateLimit | undefined;

/**
 * The API token named by the Authorization header, checked: it exists, has a
 * role (timeline-only tokens work on the timeline's POST alone), is neither
 * revoked nor expired, its creator is still active, it is within its rate
 * limit, and its role holds the permission. Its last use is recorded (at most
 * once a minute).
 */
export async function authorizeRoleToken(
  db: Db,
  authorization: string | null,
  permission: Permission,
): Promise<TokenPrincipal> {
  const secret = bearerToken(authorization);
  if (!secret || !looksLikeApiToken(secret)) throw new AppError("UNAUTHENTICATED", REFUSED);
  const token = await db.prisma.apiToken.findUnique({
    where: { tokenHash: hashApiToken(secret) },
    select: {
      id: true,
      name: true,
      role: true,
      incidentId: true,
      revokedAt: true,
      expiresAt: true,
      lastUsedAt: true,
      createdBy: { select: { id: true, email: true, active: true } },
    },
  });
  const now = new Date();
  if (!token || token.revokedAt) throw new AppError("UNAUTHENTICATED", REFUSED);
  if (token.expiresAt && token.expiresAt <= now) throw new AppError("UNAUTHENTICATED", "This API token has expired.");
  if (!token.role) throw new AppError("FORBIDDEN", "This token may only post timeline events.");
  if (!token.createdBy?.active)
    throw new AppError("UNAUTHENTICATED", "The staff member who created this token is no longer active.");
  const e = env();
  limiter ??= new KeyRateLimit(e.BREACHDESK_API_RATE_PER_SECOND, e.BREACHDESK_API_RATE_BURST);
  const wait = limiter.take(token.id);
  if (wait !== null) {
    const error = new AppError("RATE_LIMITED", `Too many requests with this token; try again in ${wait} s.`);
    error.retryAfterSeconds = wait;
    throw error;
  }
  if (!can(token.role, permission)) throw new AppError("FORBIDDEN", "This token's role does not allow this action.");
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > 60_000) {
    await db.prisma.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
  }
  return {
    id: token.createdBy.id,
    email: token.createdBy.email,
    name: `${token.name} (API token)`,
    role: token.role,
    tokenId: token.id,
    incidentId: token.incidentId,
  };
}

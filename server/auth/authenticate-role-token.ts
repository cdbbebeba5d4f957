import "server-only";
import { can, type Permission } from "../../lib/auth/permissions";
import type { Db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { bearerToken, hashApiToken, looksLikeApiToken } from "../timeline/api-tokens/token-secret";
import type { CurrentUser } from "./session";
import { takeTokenRate } from "./take-token-rate";

/** Who a request with an API token acts as: the token's role, on behalf of its creator. */
export type TokenPrincipal = CurrentUser & { tokenId: string; incidentId: string | null };

const REFUSED = "A valid API token is required (Authorization: Bearer <token>).";

/**
 * The API token named by the Authorization header, checked: it exists, has a
 * role (timeline-only tokens work on the timeline's POST alone), is neither
 * revoked nor expired, its creator is still active, it is within its rate
 * limit (shared by every process: take-token-rate.ts), and its role holds the
 * permission. Its last use is recorded (at most once a minute).
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
  const wait = await takeTokenRate(db, token.id, {
    perSecond: e.BREACHDESK_API_RATE_PER_SECOND,
    burst: e.BREACHDESK_API_RATE_BURST,
  });
  if (wait !== null) {
    const error = new AppError("RATE_LIMITED", `Too many requests with this token; try again in ${wait} s.`);
    error.retryAfterSeconds = wait;
    throw error;
  }
  if (!can(token.role, permission)) throw new AppError("FORBIDDEN", "This token's role does not allow this action.");
  return {
    id: token.createdBy.id,
    email: token.createdBy.email,
    name: `${token.name} (API token)`,
    role: token.role,
    tokenId: token.id,
    incidentId: token.incidentId,
  };
}

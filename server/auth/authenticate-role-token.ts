import "server-only";
import { can, ROLE_PERMISSIONS, withinRole, type Permission, type Role } from "../../lib/auth/permissions";
import type { Db } from "../db";
import { env } from "../env";
import { AppError } from "../errors";
import { tokenGrant } from "../timeline/api-tokens/scopes";
import { bearerToken, hashApiToken, looksLikeApiToken } from "../timeline/api-tokens/token-secret";
import type { CurrentUser } from "./session";
import { takeTokenRate } from "./take-token-rate";

/**
 * Who a request with an API token acts as, on behalf of its creator.
 * `permissions` decides, not `role`: they are what both the token's own grant
 * and its creator's current role allow (a token made by an admin who is now a
 * manager acts as a manager at most). `role` is the token's role, or its
 * creator's current role where that is the smaller of the two.
 */
export type TokenPrincipal = CurrentUser & {
  tokenId: string;
  incidentId: string | null;
  permissions: readonly Permission[];
};

/** A token let in: any kind, checked for everything but the permission a request needs. */
export type AdmittedToken = {
  id: string;
  name: string;
  /** Null: a timeline-only token (its scopes). */
  role: Role | null;
  scopes: string[];
  incidentId: string | null;
  creator: { id: string; email: string; role: Role };
  /** What the token may do: its grant (role or scopes) within its creator's current role. */
  permissions: readonly Permission[];
};

const REFUSED = "A valid API token is required (Authorization: Bearer <token>).";

/**
 * The one way in for every kind of API token (role tokens on the REST API,
 * timeline-only tokens on the timeline's POST): the token named by the
 * Authorization header exists, is neither revoked nor expired, its creator is
 * still active, and it is within its rate limit (shared by every process:
 * take-token-rate.ts, which records its last use too). The permissions it
 * holds are computed from its creator's role as it is now, on every request.
 */
export async function admitApiToken(db: Db, authorization: string | null): Promise<AdmittedToken> {
  const secret = bearerToken(authorization);
  if (!secret || !looksLikeApiToken(secret)) throw new AppError("UNAUTHENTICATED", REFUSED);
  const token = await db.prisma.apiToken.findUnique({
    where: { tokenHash: hashApiToken(secret) },
    select: {
      id: true,
      name: true,
      role: true,
      scopes: true,
      incidentId: true,
      revokedAt: true,
      expiresAt: true,
      createdBy: { select: { id: true, email: true, role: true, active: true } },
    },
  });
  if (!token || token.revokedAt) throw new AppError("UNAUTHENTICATED", REFUSED);
  if (token.expiresAt <= new Date()) throw new AppError("UNAUTHENTICATED", "This API token has expired.");
  const creator = token.createdBy;
  if (!creator?.active)
    throw new AppError("UNAUTHENTICATED", "The staff member who created this token is no longer active.");
  const e = env();
  const wait = await takeTokenRate(db, token.id, {
    perSecond: e.BREACHDESK_API_RATE_PER_SECOND,
    capacity: e.BREACHDESK_API_RATE_BURST,
  });
  if (wait !== null) {
    const error = new AppError("RATE_LIMITED", `Too many requests with this token; try again in ${wait} s.`);
    error.retryAfterSeconds = wait;
    throw error;
  }
  return {
    id: token.id,
    name: token.name,
    role: token.role,
    scopes: token.scopes,
    incidentId: token.incidentId,
    creator: { id: creator.id, email: creator.email, role: creator.role },
    permissions: withinRole(tokenGrant(token), creator.role),
  };
}

/** The token's role, or its creator's where that is the smaller (within the token's); `permissions` still decides. */
function narrowerRole(tokenRole: Role, creatorRole: Role): Role {
  const within = (role: Role, other: Role) => ROLE_PERMISSIONS[role].every((permission) => can(other, permission));
  return !within(tokenRole, creatorRole) && within(creatorRole, tokenRole) ? creatorRole : tokenRole;
}

/**
 * A role token let in (admitApiToken) that holds `permission`: both under its
 * own role and under its creator's current role. Timeline-only tokens work on
 * the timeline's POST alone.
 */
export async function authorizeRoleToken(
  db: Db,
  authorization: string | null,
  permission: Permission,
): Promise<TokenPrincipal> {
  const token = await admitApiToken(db, authorization);
  if (!token.role) throw new AppError("FORBIDDEN", "This token may only post timeline events.");
  if (!token.permissions.includes(permission)) {
    throw new AppError(
      "FORBIDDEN",
      can(token.role, permission)
        ? "The role of this token's creator no longer allows this action."
        : "This token's role does not allow this action.",
    );
  }
  return {
    id: token.creator.id,
    email: token.creator.email,
    name: `${token.name} (API token)`,
    role: narrowerRole(token.role, token.creator.role),
    tokenId: token.id,
    incidentId: token.incidentId,
    permissions: token.permissions,
  };
}

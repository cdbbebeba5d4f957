import type { Permission } from "../../../lib/auth/permissions";
import { admitApiToken } from "../../auth/authenticate-role-token";
import type { Db } from "../../db";
import { AppError } from "../../errors";
import { SCOPE_PERMISSION, type ApiTokenScope } from "./scopes";

export type AuthenticatedToken = {
  id: string;
  name: string;
  scopes: string[];
  incidentId: string | null;
  /** What its scopes grant within its creator's current role. */
  permissions: readonly Permission[];
};

/**
 * The token named by an Authorization header, let in by the same checks as
 * every API token (server/auth/authenticate-role-token.ts: not revoked, not
 * expired, creator active, rate limit); else UNAUTHENTICATED or RATE_LIMITED.
 */
export async function authenticateApiToken(db: Db, authorization: string | null): Promise<AuthenticatedToken> {
  const token = await admitApiToken(db, authorization);
  return {
    id: token.id,
    name: token.name,
    scopes: token.scopes,
    incidentId: token.incidentId,
    permissions: token.permissions,
  };
}

/**
 * FORBIDDEN unless the token has the scope, its creator's current role holds
 * what the scope needs, and the token covers the incident.
 */
export function assertTokenMayWrite(token: AuthenticatedToken, scope: ApiTokenScope, incidentId: string | null): void {
  if (!token.scopes.includes(scope)) {
    throw new AppError("FORBIDDEN", `This token does not have the ${scope} scope.`);
  }
  if (!token.permissions.includes(SCOPE_PERMISSION[scope])) {
    throw new AppError("FORBIDDEN", "The role of this token's creator no longer allows this action.");
  }
  if (token.incidentId !== null && token.incidentId !== incidentId) {
    throw new AppError("FORBIDDEN", "This token is limited to another incident.");
  }
}

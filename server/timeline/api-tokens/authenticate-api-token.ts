import type { Db } from "../../db";
import { AppError } from "../../errors";
import type { ApiTokenScope } from "./scopes";
import { bearerToken, hashApiToken, looksLikeApiToken } from "./token-secret";

export type AuthenticatedToken = { id: string; name: string; scopes: string[]; incidentId: string | null };

const REFUSED = "A valid API token is required (Authorization: Bearer <token>).";

/** The token named by an Authorization header, if it exists and is not revoked; else UNAUTHENTICATED. */
export async function authenticateApiToken(db: Db, authorization: string | null): Promise<AuthenticatedToken> {
  const token = bearerToken(authorization);
  if (!token || !looksLikeApiToken(token)) throw new AppError("UNAUTHENTICATED", REFUSED);
  const row = await db.prisma.apiToken.findUnique({
    where: { tokenHash: hashApiToken(token) },
    select: { id: true, name: true, scopes: true, incidentId: true, revokedAt: true },
  });
  if (!row || row.revokedAt) throw new AppError("UNAUTHENTICATED", REFUSED);
  await db.prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } });
  return { id: row.id, name: row.name, scopes: row.scopes, incidentId: row.incidentId };
}

/** FORBIDDEN unless the token has the scope and covers the incident. */
export function assertTokenMayWrite(token: AuthenticatedToken, scope: ApiTokenScope, incidentId: string | null): void {
  if (!token.scopes.includes(scope)) {
    throw new AppError("FORBIDDEN", `This token does not have the ${scope} scope.`);
  }
  if (token.incidentId !== null && token.incidentId !== incidentId) {
    throw new AppError("FORBIDDEN", "This token is limited to another incident.");
  }
}

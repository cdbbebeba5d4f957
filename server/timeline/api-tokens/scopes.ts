import { ROLE_PERMISSIONS, type Permission, type Role } from "../../../lib/auth/permissions";

// "timeline.milestones": the token may also mark an event as a milestone
// (regulator notified, customers notified, ...), which can meet an obligation
// and stop its clock; without it, a token posts plain events only.
export const API_TOKEN_SCOPES = ["timeline.write", "timeline.milestones"] as const;
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

/** The permission each scope needs its creator's role to hold as well. */
export const SCOPE_PERMISSION: Record<ApiTokenScope, Permission> = {
  "timeline.write": "timeline.write",
  "timeline.milestones": "timeline.write",
};

/** The permissions a timeline-only token's scopes grant (unknown scopes grant nothing). */
function tokenScopePermissions(scopes: readonly string[]): Permission[] {
  const known = scopes.filter((scope): scope is ApiTokenScope => (API_TOKEN_SCOPES as readonly string[]).includes(scope));
  return [...new Set(known.map((scope) => SCOPE_PERMISSION[scope]))];
}

/** What a token grants before its creator's role is applied: its role's permissions, or its scopes'. */
export function tokenGrant(token: { role: Role | null; scopes: readonly string[] }): readonly Permission[] {
  return token.role ? ROLE_PERMISSIONS[token.role] : tokenScopePermissions(token.scopes);
}

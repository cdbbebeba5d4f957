import type { Permission } from "../../../lib/auth/permissions";

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
export function tokenScopePermissions(scopes: readonly string[]): Permission[] {
  const known = scopes.filter((scope): scope is ApiTokenScope => (API_TOKEN_SCOPES as readonly string[]).includes(scope));
  return [...new Set(known.map((scope) => SCOPE_PERMISSION[scope]))];
}

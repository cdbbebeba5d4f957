import { isRole, type Role } from "./permissions";

export type RoleMapping = { group: string; role: Role };

/**
 * Parses BREACHDESK_OIDC_ROLE_MAP: "group:role,group:role". A group name may
 * itself contain ":" (Entra ID object ids do not, but Keycloak paths like
 * "/secops" and some Okta names might): the role is what follows the last
 * colon. Throws on an unknown role, so a typo fails at start-up rather than
 * refusing everyone at sign-in.
 */
export function parseRoleMap(text: string): RoleMapping[] {
  const mappings: RoleMapping[] = [];
  for (const raw of text.split(",")) {
    const entry = raw.trim();
    if (!entry) continue;
    const at = entry.lastIndexOf(":");
    const group = entry.slice(0, at).trim();
    const role = entry.slice(at + 1).trim();
    if (at <= 0 || !group) throw new Error(`BREACHDESK_OIDC_ROLE_MAP: "${entry}" is not group:role`);
    if (!isRole(role)) throw new Error(`BREACHDESK_OIDC_ROLE_MAP: "${role}" is not a role (in "${entry}")`);
    mappings.push({ group, role });
  }
  return mappings;
}

/** The groups a claim holds: an array of strings, or one string (some providers send one group bare). */
export function groupsFromClaim(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.filter((g): g is string => typeof g === "string");
  return [];
}

/**
 * The role for a user in these groups: the first mapping (in the order the
 * map lists them) whose group the user is in, so an administrator lists the
 * most powerful group first. Null: no mapped group, and no access.
 */
export function roleForGroups(mappings: readonly RoleMapping[], groups: readonly string[]): Role | null {
  const member = new Set(groups);
  return mappings.find((m) => member.has(m.group))?.role ?? null;
}

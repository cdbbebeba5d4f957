// The one table of who may do what. Pages, server actions and route handlers
// all ask `can(role, permission)`; nothing else decides.
export const ROLES = ["admin", "security_analyst", "support_agent", "manager"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  admin: "Admin",
  security_analyst: "Security analyst",
  support_agent: "Support agent",
  manager: "Manager",
};

export const PERMISSIONS = [
  "incidents.read",
  "incidents.write",
  // Closing an incident (a second person approves) and reopening it.
  "incidents.close",
  // Starting a closed incident's forgetting (pseudonymisation, then erasure)
  // before its date: it cannot be undone and ends reopening (admins only).
  "incidents.forget",
  "recipients.import",
  "accounts.read",
  // Without it, customer e-mail addresses are shown masked (j***@example.com).
  "accounts.read_unmasked",
  "triage.write",
  "accounts.reset",
  // Notes on an exposed account (a phone check, a ticket): reading and writing them.
  "accounts.note",
  "holds.place",
  "holds.release",
  "bulk.request",
  "bulk.approve",
  "timeline.read",
  "timeline.write",
  "reports.read",
  "audit.read",
  // Where the audit log is forwarded (SIEM destinations and their tokens; admins only).
  "audit.forwarding",
  "staff.manage",
  // Creating and revoking tokens for external systems (admins only).
  "api_tokens.manage",
  // Outgoing events: chat, webhook and e-mail destinations, their delivery log (admins only).
  "integrations.manage",
  // The exchange's connection: provider settings, webhook deliveries (admins only).
  "exchange.read",
  // Customer notices: write the notice, preview, test-send to
  // staff, request and cancel campaigns; approve another person's campaign;
  // read the local outbox (full addresses and message bodies).
  "notices.compose",
  "notices.approve",
  "notices.read_outbox",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  security_analyst: [
    "incidents.read",
    "incidents.write",
    "incidents.close",
    "recipients.import",
    "accounts.read",
    "accounts.read_unmasked",
    "accounts.note",
    "triage.write",
    "bulk.request",
    "bulk.approve",
    "timeline.read",
    "timeline.write",
    "reports.read",
    "audit.read",
    "notices.compose",
    "notices.approve",
    "notices.read_outbox",
  ],
  support_agent: [
    "incidents.read",
    "accounts.read",
    "accounts.read_unmasked",
    "accounts.reset",
    "accounts.note",
    "holds.place",
    "holds.release",
    "bulk.request",
    "timeline.read",
  ],
  manager: ["incidents.read", "accounts.read", "timeline.read", "reports.read"],
};

export function can(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/**
 * Who a request acts as, for the checks that follow the role: a signed-in
 * staff member (their role), or an API token, which holds only the
 * permissions both its own grant and its creator's current role allow
 * (`permissions`), whatever role it was made with.
 */
export type PermissionHolder = { role: Role; permissions?: readonly Permission[] };

// Route handlers get a token's principal (server/auth/authenticate-role-token.ts)
// as their user: ask `holds(user, ...)` there, never `can(user.role, ...)`.
export function holds(who: PermissionHolder, permission: Permission): boolean {
  return who.permissions ? who.permissions.includes(permission) : can(who.role, permission);
}

/** The permissions `granted` that `role` holds too. */
export function withinRole(granted: readonly Permission[], role: Role): Permission[] {
  return granted.filter((permission) => can(role, permission));
}

/**
 * How many of these grants (each an API token's: what it was made to do) a
 * role change narrows: the token acts with the permissions its creator's role
 * also holds, so it loses those `from` held and `to` does not.
 */
export function countNarrowedBy(grants: readonly (readonly Permission[])[], from: Role, to: Role): number {
  return grants.filter((granted) => granted.some((permission) => can(from, permission) && !can(to, permission)))
    .length;
}

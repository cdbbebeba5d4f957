import type { Role } from "./permissions";

/**
 * Where each role starts after sign-in. Admins start at the incident list
 * (they also manage staff); everyone else goes straight to the current
 * incident when exactly one is open, which is the usual state during a
 * response.
 */
export function landingPath(role: Role, openIncidentSlugs: readonly string[]): string {
  if (role === "admin" || openIncidentSlugs.length !== 1) return "/incidents";
  return `/incidents/${openIncidentSlugs[0]}`;
}

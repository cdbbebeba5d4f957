import { can, type Permission, type Role } from "../auth/permissions";

/**
 * Whether a page shows a control that changes the incident: the role holds
 * the permission and the incident is not closed (a closed incident is
 * read-only; the server refuses the change anyway, with INCIDENT_CLOSED).
 */
export function mayChange(role: Role, permission: Permission, incident: { status: string }): boolean {
  return can(role, permission) && incident.status !== "closed";
}

import type { PaletteCommand } from "@/components/layout/command-palette";
import type { NavItem } from "@/components/layout/sidebar-nav";
import { can, type Role } from "@/lib/auth/permissions";

/**
 * What the command palette offers a role: the navigation's pages and a few
 * actions, and, inside an incident, its sections and actions. Only what the
 * role may open is listed (each page checks again).
 */
export function paletteCommands(role: Role, nav: readonly NavItem[]) {
  const commands: PaletteCommand[] = nav.map((item) => ({ label: item.label, href: item.href, group: "Pages" }));
  if (can(role, "incidents.write")) commands.push({ label: "New incident", href: "/incidents", group: "Actions", keywords: "create" });
  if (can(role, "staff.manage")) commands.push({ label: "Add a staff user", href: "/admin/staff", group: "Actions", keywords: "create user" });
  if (can(role, "api_tokens.manage")) commands.push({ label: "New API token", href: "/admin/api-tokens", group: "Actions", keywords: "create" });

  const incident: PaletteCommand[] = [{ label: "Incident overview", href: "", group: "Pages", keywords: "home dashboard" }];
  incident.push({ label: "Remediation", href: "/remediation", group: "Pages", keywords: "charts progress" });
  if (can(role, "accounts.read")) incident.push({ label: "Exposed accounts", href: "/accounts", group: "Pages", keywords: "triage customers table" });
  incident.push({ label: "Bulk actions", href: "/bulk-actions", group: "Pages", keywords: "approve requests" });
  incident.push({ label: "Customer notices", href: "/notices", group: "Pages", keywords: "campaigns e-mail" });
  if (can(role, "timeline.read")) incident.push({ label: "Timeline", href: "/timeline", group: "Pages", keywords: "events milestones" });
  if (can(role, "reports.read")) incident.push({ label: "Regulator report", href: "/report", group: "Pages", keywords: "article 33 gdpr print" });
  if (can(role, "bulk.request")) {
    incident.push({ label: "Hold or reset accounts in bulk", href: "/accounts", group: "Actions", keywords: "bulk request hold reset" });
  }
  if (can(role, "notices.compose")) incident.push({ label: "Compose a customer notice", href: "/notices/compose", group: "Actions", keywords: "e-mail notify" });
  if (can(role, "recipients.import")) incident.push({ label: "Import a file", href: "/imports", group: "Actions", keywords: "upload csv recipients directory events" });
  if (can(role, "timeline.write")) incident.push({ label: "Add a timeline event", href: "/timeline", group: "Actions", keywords: "record milestone" });
  return { commands, incidentCommands: incident };
}

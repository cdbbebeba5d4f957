import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import { CommandPalette } from "@/components/layout/command-palette";
import { paletteCommands } from "./command-palette/commands";
import { searchAccountsAction } from "./command-palette/actions";
import type { NavItem } from "@/components/layout/sidebar-nav";
import { can } from "@/lib/auth/permissions";
import { TotpEnrolledNotice } from "@/components/auth/totp-enrolled-notice";
import { getSignInState, requireUser } from "@/server/auth/session";
import { countPendingApprovals } from "@/server/approvals/list-pending-approvals";
import { getDb } from "@/server/db";

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  const state = await getSignInState();
  const totpNoticeAt = state.kind === "signed_in" ? state.session.totpNoticeAt : null;
  const nav: NavItem[] = [{ href: "/incidents", label: "Incidents", icon: "incidents" }];
  // Approvers see at once that a request waits for them (zero included: the place to look stays put).
  if (can(user.role, "bulk.approve")) {
    const waiting = await countPendingApprovals(await getDb(), user);
    nav.push({ href: "/approvals", label: `Waiting for your approval (${waiting})`, icon: "approvals" });
  }
  if (can(user.role, "staff.manage")) nav.push({ href: "/admin/staff", label: "Staff", icon: "staff" });
  if (can(user.role, "audit.read")) nav.push({ href: "/admin/audit", label: "Audit log", icon: "audit" });
  if (can(user.role, "api_tokens.manage")) nav.push({ href: "/admin/api-tokens", label: "API tokens", icon: "tokens" });
  if (can(user.role, "integrations.manage")) nav.push({ href: "/admin/integrations", label: "Integrations", icon: "integrations" });
  if (can(user.role, "exchange.read")) nav.push({ href: "/admin/exchange", label: "Exchange", icon: "exchange" });
  nav.push({ href: "/api-reference", label: "API reference", icon: "api" });
  return (
    <AppShell
      user={user}
      nav={nav}
      palette={
        <CommandPalette
          {...paletteCommands(user.role, nav)}
          search={can(user.role, "accounts.read") ? searchAccountsAction : null}
          masked={!can(user.role, "accounts.read_unmasked")}
        />
      }
    >
      {totpNoticeAt ? <TotpEnrolledNotice at={totpNoticeAt} /> : null}
      {children}
    </AppShell>
  );
}

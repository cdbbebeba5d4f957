import Link from "next/link";
import type { ReactNode } from "react";
import { ROLE_LABELS, type Role } from "@/lib/auth/permissions";
import { Logo } from "../ui/logo";
import { CollapsibleSidebar } from "./collapsible-sidebar";
import { SidebarNav, type NavItem } from "./sidebar-nav";
import { SignOutButton } from "./sign-out-button";
import { TableCellLabels } from "./table-cell-labels";

export function AppShell({
  user,
  nav,
  palette,
  children,
}: {
  user: { name: string; email: string; role: Role };
  nav: NavItem[];
  /** The command palette's button (and its Ctrl K), above the navigation. */
  palette?: ReactNode;
  children: ReactNode;
}) {
  const brand = (
    <Link href="/" className="flex items-center gap-2.5 px-2">
      <Logo />
      <span className="text-base font-semibold tracking-tight text-white">Breachdesk</span>
    </Link>
  );
  return (
    <div className="flex min-h-screen flex-col lg:flex-row">
      <a
        href="#main"
        className="sr-only z-50 rounded-md bg-white px-3 py-2 text-sm font-medium text-brand-700 shadow focus:not-sr-only focus:fixed focus:left-3 focus:top-3"
      >
        Skip to content
      </a>
      <CollapsibleSidebar brand={brand}>
        {palette ? <div className="mb-4">{palette}</div> : null}
        <SidebarNav items={nav} label="Main" />
        <div className="mt-auto rounded-lg border border-white/10 bg-white/5 p-3">
          <p className="truncate text-sm font-medium text-white">{user.name}</p>
          <p className="truncate text-xs text-slate-400">{user.email}</p>
          <div className="mt-3 flex items-center justify-between">
            <span
              className="rounded bg-brand-500/20 px-1.5 py-0.5 text-[11px] font-medium text-brand-100"
              data-testid="current-role"
            >
              {ROLE_LABELS[user.role]}
            </span>
            <SignOutButton />
          </div>
        </div>
      </CollapsibleSidebar>
      <div className="min-w-0 flex-1">
        <TableCellLabels />
        <main id="main" tabIndex={-1} className="mx-auto max-w-7xl px-4 py-5 focus:outline-none sm:px-6 sm:py-6 lg:px-8 lg:py-8">{children}</main>
      </div>
    </div>
  );
}

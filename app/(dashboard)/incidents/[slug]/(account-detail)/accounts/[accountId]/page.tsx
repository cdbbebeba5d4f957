import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { AccountExposures } from "@/components/accounts/account-exposures";
import { AccountIdentityList } from "@/components/accounts/account-identity";
import { AccountRisk } from "@/components/accounts/account-risk";
import { RiskTierBadge } from "@/components/triage/risk-tier-badge";
import { Card, Skeleton } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { actionStatusLabel } from "@/lib/triage/labels";
import { requirePagePermission } from "@/server/auth/session";
import { loadIncidentOr404 } from "../../../load-incident";
import { loadExposedAccountOr404 } from "./load-account";
import { ActionsSection, AuditSection, SecurityEventsSection } from "./sections";

type Props = { params: Promise<{ slug: string; accountId: string }> };

export const metadata: Metadata = { title: "Exposed account" };

export default async function ExposedAccountPage({ params }: Props) {
  const user = await requirePagePermission("accounts.read");
  const { slug, accountId: rawId } = await params;
  const incident = await loadIncidentOr404(slug);
  const account = await loadExposedAccountOr404(incident, rawId, can(user.role, "accounts.read_unmasked"));
  const base = `/incidents/${encodeURIComponent(incident.slug)}/accounts`;
  const scope = { incident, accountId: account.id };

  return (
    <div className="space-y-5">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <Link href={base} className="text-xs font-medium text-slate-500 hover:text-slate-800">
            ← Exposed accounts
          </Link>
          <h2 className="mt-1 flex items-center gap-3 text-xl font-semibold text-slate-900">
            <span className="font-mono">{account.externalId}</span>
            <RiskTierBadge tier={account.riskTier} />
          </h2>
          <p className="mt-0.5 text-sm text-slate-600">
            {account.email} · {account.eventsAfterT0} security {account.eventsAfterT0 === 1 ? "event" : "events"} after
            T0 · {actionStatusLabel(account.actionStatus)}
          </p>
        </div>
      </div>

      <div className="grid gap-5 xl:grid-cols-3">
        <div className="space-y-5 xl:col-span-2">
          <Card title="Why this tier" description="The risk rules that fired for this account, with its own figures.">
            <AccountRisk tier={account.riskTier} rules={account.rules} />
          </Card>
          <Card title="Security events" description="After T0 in colour; before T0 greyed, as context. Times in UTC.">
            <Suspense fallback={<Skeleton className="h-48 w-full" />}>
              <SecurityEventsSection {...scope} />
            </Suspense>
          </Card>
        </div>
        <div className="space-y-5">
          <Card title="Account">
            <AccountIdentityList account={account} />
          </Card>
          <Card title="Exposed by">
            <AccountExposures
              seenBy={account.seenBy}
              exposures={account.exposures.map((exposure) => ({
                ...exposure,
                groupHref: `${base}?group=${exposure.messageId}`,
              }))}
            />
          </Card>
        </div>
      </div>

      <Card title="Remediation actions">
        <Suspense fallback={<Skeleton className="h-16 w-full" />}>
          <ActionsSection {...scope} />
        </Suspense>
      </Card>

      <Card title="Audit trail" description="Entries recorded against this account.">
        {can(user.role, "audit.read") ? (
          <Suspense fallback={<Skeleton className="h-16 w-full" />}>
            <AuditSection {...scope} />
          </Suspense>
        ) : (
          <p className="text-sm text-slate-500">Your role does not include the audit log.</p>
        )}
      </Card>
    </div>
  );
}

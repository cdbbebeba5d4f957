import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { AccountExposures } from "@/components/accounts/account-exposures";
import { AccountNotes } from "@/components/accounts/account-notes";
import { listAccountNotes } from "@/server/accounts/account-notes";
import { addAccountNoteAction } from "./notes-actions";
import { AccountIdentityList } from "@/components/accounts/account-identity";
import { AccountRisk } from "@/components/accounts/account-risk";
import { RiskTierBadge } from "@/components/triage/risk-tier-badge";
import { Card, Skeleton } from "@/components/ui/card";
import { can, ROLE_LABELS, ROLES } from "@/lib/auth/permissions";
import { AccountRequestPanel } from "@/components/remediation/account-request-panel";
import { effectiveHold } from "@/lib/remediation/state";
import { previewBulkActionAction, requestBulkActionAction } from "../../../accounts/actions";
import { AccountRemediationPanel } from "@/components/remediation/account-remediation-panel";
import { getAccountRemediation } from "@/server/remediation/get-account-remediation";
import { remediationConfig } from "@/server/remediation/remediation-config";
import { recordUnmaskedAccountView } from "@/server/accounts/record-unmasked-view";
import { getDb } from "@/server/db";
import { extendHoldAction, forceResetAction, placeHoldAction, releaseHoldAction } from "./actions";
import { requirePagePermission } from "@/server/auth/session";
import { loadIncidentOr404 } from "../../../load-incident";
import { loadExposedAccountOr404 } from "./load-account";
import { ActionsSection, AuditSection, SecurityEventsSection } from "./sections";
import { mayChange } from "@/lib/closing/may-change";

type Props = { params: Promise<{ slug: string; accountId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  // The layout has checked the account; a bad id never gets this far.
  const { accountId } = await params;
  return { title: `Account ${safeDecode(accountId)}` };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export default async function ExposedAccountPage({ params }: Props) {
  const user = await requirePagePermission("accounts.read");
  const { slug, accountId: rawId } = await params;
  const incident = await loadIncidentOr404(slug);
  const unmasked = can(user.role, "accounts.read_unmasked");
  const account = await loadExposedAccountOr404(incident, rawId, unmasked);
  const db = await getDb();
  // Seeing a customer's address is itself audited, before the page shows it.
  if (unmasked) await recordUnmaskedAccountView(db, user, incident.id, account.id);
  const base = `/incidents/${encodeURIComponent(incident.slug)}/accounts`;
  const scope = { incident, accountId: account.id };
  const now = new Date();
  const remediation = await getAccountRemediation(db, incident.id, account.id, now);
  const actionScope = { slug: incident.slug, accountId: account.id, externalId: account.externalId };
  const actsDirectly = mayChange(user.role, "accounts.reset", incident) || mayChange(user.role, "holds.place", incident);
  // Who may act on one account at once, named for those who may not.
  const directRoles = ROLES.filter((role) => can(role, "accounts.reset")).map((role) => ROLE_LABELS[role]);

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
            T0
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
          <Card title="Remediation" description="Password reset and withdrawal hold in this incident.">
            <AccountRemediationPanel
              account={{ externalId: account.externalId, email: account.email }}
              state={remediation.state}
              hold={remediation.activeHold}
              heldElsewhere={
                remediation.heldElsewhere && {
                  ...remediation.heldElsewhere,
                  href: `/incidents/${encodeURIComponent(remediation.heldElsewhere.incident.slug)}/accounts/${encodeURIComponent(account.externalId)}`,
                }
              }
              criticalRules={remediation.criticalRules}
              now={now}
              can={{
                reset: mayChange(user.role, "accounts.reset", incident),
                hold: mayChange(user.role, "holds.place", incident),
                release: mayChange(user.role, "holds.release", incident),
              }}
              actions={{
                reset: forceResetAction.bind(null, actionScope),
                hold: placeHoldAction.bind(null, actionScope),
                release: releaseHoldAction.bind(null, actionScope),
                extend: extendHoldAction.bind(null, actionScope),
              }}
              defaultHoldHours={remediationConfig().defaultHoldHours}
            />
            {actsDirectly ? null : (
              <div className="mt-4 space-y-3 border-t border-slate-100 pt-4" data-testid="account-request">
                <p className="text-sm text-slate-600">
                  Who acts on one account directly: {directRoles.join(", ")}.
                  {mayChange(user.role, "bulk.request", incident)
                    ? " You can request an action on it: the same request as a bulk action, with its dry run and four eyes."
                    : " Your role reads the account; ask one of them to act."}
                </p>
                {mayChange(user.role, "bulk.request", incident) ? (
                  <AccountRequestPanel
                    externalId={account.externalId}
                    holdActive={effectiveHold(remediation.state, now) === "active"}
                    actions={{
                      preview: previewBulkActionAction.bind(null, incident.slug),
                      request: requestBulkActionAction.bind(null, incident.slug),
                    }}
                    defaultHoldHours={remediationConfig().defaultHoldHours}
                  />
                ) : null}
              </div>
            )}
          </Card>
          {mayChange(user.role, "accounts.note", incident) ? (
            <Card title="Notes" description="What the customer said, with the ticket. Each note is audited.">
              <AccountNotes
                notes={(await listAccountNotes(db, incident.id, account.id)).map((note) => ({
                  ...note,
                  createdAt: note.createdAt.toISOString(),
                }))}
                action={addAccountNoteAction.bind(null, actionScope)}
              />
            </Card>
          ) : null}
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

      {/* Only for roles that read the audit log: others get no card rather than a dead one. */}
      {can(user.role, "audit.read") ? (
        <Card
          title="Audit trail"
          description="Entries recorded against this account."
          actions={
            <Link
              href={`/admin/audit?target=${encodeURIComponent(account.externalId)}`}
              className="shrink-0 text-xs font-medium text-slate-600 underline underline-offset-2 hover:text-slate-900"
            >
              Open in the audit log
            </Link>
          }
        >
          <Suspense fallback={<Skeleton className="h-16 w-full" />}>
            <AuditSection {...scope} />
          </Suspense>
        </Card>
      ) : null}
    </div>
  );
}

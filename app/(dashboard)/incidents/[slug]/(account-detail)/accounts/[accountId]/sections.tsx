import { AccountActionsTable } from "@/components/accounts/account-actions-table";
import { AccountAuditTrail } from "@/components/accounts/account-audit-trail";
import { SecurityEventTimeline } from "@/components/accounts/security-event-timeline";
import { listAccountActions } from "@/server/accounts/list-account-actions";
import { listAccountAudit } from "@/server/accounts/list-account-audit";
import { listAccountSecurityEvents } from "@/server/accounts/list-account-security-events";
import { getDb } from "@/server/db";

// The account page's slower parts, each streamed in its own Suspense boundary.
// The page has already checked that the account is exposed in this incident.

type Scope = { incident: { id: string; slug: string; awareAt: Date }; accountId: number };

export async function SecurityEventsSection({ incident, accountId }: Scope) {
  const { events, truncated } = await listAccountSecurityEvents(await getDb(), incident, accountId);
  return <SecurityEventTimeline events={events} awareAt={incident.awareAt} truncated={truncated} />;
}

export async function ActionsSection({ incident, accountId }: Scope) {
  const base = `/incidents/${encodeURIComponent(incident.slug)}/bulk-actions`;
  return (
    <AccountActionsTable
      actions={await listAccountActions(await getDb(), incident.id, accountId)}
      bulkHref={(id) => `${base}/${id}`}
    />
  );
}

export async function AuditSection({ incident, accountId }: Scope) {
  return <AccountAuditTrail entries={await listAccountAudit(await getDb(), incident.id, accountId)} />;
}

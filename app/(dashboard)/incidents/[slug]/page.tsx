import type { Metadata } from "next";
import { Suspense } from "react";
import Link from "next/link";
import { KeyNumbersGrid } from "@/components/incidents/key-numbers";
import { Card, Skeleton } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { listIncidentAwaitingApproval, waitingFor } from "@/server/approvals/list-pending-approvals";
import { requirePagePermission } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { BulkProgressWidget } from "./_widgets/bulk-progress-widget";
import { PendingApprovalsWidget } from "./_widgets/pending-approvals-widget";
import { ExposureChartWidget } from "./_widgets/exposure-chart-widget";
import { RemediationHeadlineWidget } from "./_widgets/remediation-headline-widget";
import { SecurityChangesWidget } from "./_widgets/security-changes-widget";
import { TimelineWidget } from "./_widgets/timeline-widget";
import { loadIncidentOr404 } from "./load-incident";

type Props = { params: Promise<{ slug: string }> };

export const metadata: Metadata = { title: "Overview" };

export default async function IncidentOverviewPage({ params }: Props) {
  const user = await requirePagePermission("incidents.read");
  const { slug } = await params;
  const incident = await loadIncidentOr404(slug);
  const stats = incident.stats ?? {
    leakedRecipients: 0,
    uniqueAddresses: 0,
    messages: 0,
    matchedAccounts: 0,
    changedAfterT0: 0,
    openActions: 0,
    completedActions: 0,
    activeHolds: 0,
  };
  // One read for the headline count (everyone) and the approver's own list.
  const awaiting = await listIncidentAwaitingApproval(await getDb(), incident.id);

  return (
    <div className="space-y-6">
      {incident.summary ? <p className="max-w-4xl text-sm leading-6 text-slate-600">{incident.summary}</p> : null}

      <KeyNumbersGrid stats={stats} awaitingApproval={awaiting.length} />

      {can(user.role, "bulk.approve") ? <PendingApprovalsWidget rows={waitingFor(awaiting, user)} /> : null}

      <Card
        title="Remediation at a glance"
        description="Each number opens the Exposed accounts table filtered to exactly those accounts."
        actions={
          <Link
            href={`/incidents/${encodeURIComponent(incident.slug)}/remediation`}
            className="shrink-0 text-sm font-medium text-brand-700 hover:text-brand-600"
          >
            All remediation charts →
          </Link>
        }
      >
        <Suspense fallback={<Skeleton className="h-44 w-full" />}>
          <RemediationHeadlineWidget incident={incident} viewerRole={user.role} />
        </Suspense>
      </Card>

      <Card
        title="Bulk actions in progress"
        description="Running, paused or awaiting approval; the bars update live."
      >
        <Suspense fallback={<Skeleton className="h-16 w-full" />}>
          <BulkProgressWidget incident={incident} />
        </Suspense>
      </Card>

      <div className="grid gap-6 xl:grid-cols-3 xl:items-start">
        <Card
          className="xl:col-span-2"
          title="Exposure by message"
          description="Recipients of each sent message; every visible recipient saw the others."
        >
          <Suspense fallback={<Skeleton className="h-72 w-full" />}>
            <ExposureChartWidget incident={incident} />
          </Suspense>
        </Card>
        <Card title="Timeline" description="Key events, in UTC">
          <Suspense fallback={<Skeleton className="h-72 w-full" />}>
            <TimelineWidget incidentId={incident.id} />
          </Suspense>
        </Card>
      </div>

      <Card
        title="Security changes after T0"
        description="Latest password and security-detail changes on exposed accounts: candidates for a withdrawal hold."
      >
        <Suspense fallback={<Skeleton className="h-56 w-full" />}>
          <SecurityChangesWidget incident={incident} viewerRole={user.role} />
        </Suspense>
      </Card>
    </div>
  );
}

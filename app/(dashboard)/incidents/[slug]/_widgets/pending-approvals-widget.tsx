import Link from "next/link";
import { PendingApprovalsList } from "@/components/approvals/pending-approvals-list";
import { Card } from "@/components/ui/card";
import type { Role } from "@/lib/auth/permissions";
import { listPendingApprovals } from "@/server/approvals/list-pending-approvals";
import { getDb } from "@/server/db";

/**
 * "Waiting for your approval (N)" on the incident's overview, for those who
 * may approve: this incident's requests that another person made, soonest
 * expiry first. Nothing for roles that cannot approve.
 */
export async function PendingApprovalsWidget({
  incident,
  viewer,
}: {
  incident: { id: string; slug: string };
  viewer: { id: string; role: Role };
}) {
  const rows = await listPendingApprovals(await getDb(), viewer, { incidentId: incident.id, limit: 20 });
  return (
    <Card
      title={`Waiting for your approval (${rows.length})`}
      description="Requests another person made in this incident; each needs a second person before it runs."
      actions={
        <Link href="/approvals" className="shrink-0 text-sm font-medium text-brand-700 hover:text-brand-600">
          All incidents →
        </Link>
      }
    >
      <div data-testid="overview-pending-approvals">
        <PendingApprovalsList rows={rows} />
      </div>
    </Card>
  );
}

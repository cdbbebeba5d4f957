import Link from "next/link";
import { PendingApprovalsList, type PendingApprovalRow } from "@/components/approvals/pending-approvals-list";
import { Card } from "@/components/ui/card";

/**
 * "Waiting for your approval (N)" on the incident's overview, for those who
 * may approve: this incident's requests that another person made, soonest
 * expiry first (the page reads them once, with the headline count).
 */
export function PendingApprovalsWidget({ rows }: { rows: PendingApprovalRow[] }) {
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

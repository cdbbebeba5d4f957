import type { Metadata } from "next";
import { PendingApprovalsList } from "@/components/approvals/pending-approvals-list";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { listPendingApprovals } from "@/server/approvals/list-pending-approvals";
import { requirePagePermission } from "@/server/auth/session";
import { getDb } from "@/server/db";

export const metadata: Metadata = { title: "Waiting for your approval" };

/** Every request, in every incident, that waits for this person's approval. */
export default async function ApprovalsPage() {
  const user = await requirePagePermission("bulk.approve");
  const rows = await listPendingApprovals(await getDb(), user);
  return (
    <div className="space-y-6">
      <PageHeader title={`Waiting for your approval (${rows.length})`}>
        Requests another person made that need a second person: open one to see exactly which accounts it covers, then
        approve or reject it before it expires.
      </PageHeader>
      <Card>
        <PendingApprovalsList rows={rows} showIncident />
      </Card>
    </div>
  );
}

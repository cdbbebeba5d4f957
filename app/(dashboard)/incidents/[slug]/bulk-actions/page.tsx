import type { Metadata } from "next";
import Link from "next/link";
import { BulkActionControls } from "@/components/remediation/bulk-action-controls";
import { BulkActionsTable, type BulkListRow } from "@/components/remediation/bulk-actions-table";
import { BulkFromFile } from "@/components/remediation/bulk-from-file";
import { BulkRecommendations } from "@/components/remediation/bulk-recommendations";
import { effectiveBulkStatus, holdDurationText } from "@/components/remediation/bulk-status-badge";
import { Card } from "@/components/ui/card";
import { formatCount } from "@/lib/format/numbers";
import { requirePagePermission } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { listBulkActions, type BulkActionListRow } from "@/server/remediation/list-bulk-actions";
import { remediationConfig } from "@/server/remediation/remediation-config";
import { previewBulkActionAction, requestBulkActionAction } from "../accounts/actions";
import { loadIncidentOr404 } from "../load-incident";
import { approveBulkActionAction, rejectBulkActionAction } from "./actions";
import { mayChange } from "@/lib/closing/may-change";

type Props = { params: Promise<{ slug: string }> };

export const metadata: Metadata = { title: "Bulk actions" };

export default async function BulkActionsPage({ params }: Props) {
  const user = await requirePagePermission("incidents.read");
  const { slug } = await params;
  const incident = await loadIncidentOr404(slug);
  const db = await getDb();
  const { pending, others } = await listBulkActions(db, incident.id);
  const now = new Date();
  const base = `/incidents/${encodeURIComponent(incident.slug)}`;
  const toRow = (row: BulkActionListRow): BulkListRow => ({
    ...row,
    href: `${base}/bulk-actions/${row.id}`,
    status: effectiveBulkStatus(row.status, row.expiresAt, now),
  });
  const canApprove = mayChange(user.role, "bulk.approve", incident);
  const canRequest = mayChange(user.role, "bulk.request", incident);
  const config = remediationConfig();

  return (
    <div className="space-y-6">
      <Card
        title="Awaiting approval"
        description={`Requests of more than ${formatCount(config.approvalThreshold)} accounts run only after a second person approves them; unapproved, they expire after ${config.approvalTtlHours} hours.`}
      >
        {pending.length === 0 ? (
          <p className="text-sm text-slate-500">Nothing is waiting for approval.</p>
        ) : (
          <BulkActionsTable
            caption="Bulk actions awaiting approval"
            rows={pending.map(toRow)}
            controls={(row) => (
              <BulkActionControls
                compact
                kind={row.kind}
                total={row.total}
                status={row.status}
                remaining={row.total}
                failed={0}
                isRequester={pending.find((p) => p.id === row.id)?.requestedBy?.id === user.id}
                approveSummary={
                  <>
                    {row.kind === "withdrawal_hold" ? <p>Hold {holdDurationText(row.holdHours)}</p> : null}
                    <p>Reason: {row.reason}</p>
                    <Link href={row.href} className="font-medium text-brand-700 underline underline-offset-2">
                      See its filter and accounts first
                    </Link>
                  </>
                }
                actions={
                  canApprove
                    ? {
                        approve: approveBulkActionAction.bind(null, incident.slug, row.id),
                        reject: rejectBulkActionAction.bind(null, incident.slug, row.id),
                      }
                    : {}
                }
              />
            )}
          />
        )}
      </Card>

      {canRequest ? (
        <Card
          title="Apply recommendations"
          description="Bulk requests proposed from the risk tiers. Each opens as a dry run that you can adjust before requesting."
        >
          <BulkRecommendations
            actions={{
              preview: previewBulkActionAction.bind(null, incident.slug),
              request: requestBulkActionAction.bind(null, incident.slug),
            }}
            defaultHoldHours={config.defaultHoldHours}
            accountsHref={`${base}/accounts`}
          />
        </Card>
      ) : null}

      {canRequest ? (
        <Card
          title="From a file of account ids"
          description="Support's list of accounts to act on: one account id per line, or a CSV with an account id column."
        >
          <BulkFromFile
            actions={{
              preview: previewBulkActionAction.bind(null, incident.slug),
              request: requestBulkActionAction.bind(null, incident.slug),
            }}
            defaultHoldHours={config.defaultHoldHours}
          />
        </Card>
      ) : null}

      <Card
        title="All bulk actions"
        description="Newest first. Single-account actions are on each account's page."
      >
        {others.length === 0 ? (
          <p className="text-sm text-slate-500">
            No bulk action has run in this incident yet.
            {canRequest ? " Select accounts in the exposed accounts table, or apply a recommendation above." : ""}
          </p>
        ) : (
          <BulkActionsTable caption="Bulk actions of this incident, newest first" rows={others.map(toRow)} />
        )}
      </Card>
    </div>
  );
}

import Link from "next/link";
import { BulkProgressLive } from "@/components/remediation/bulk-progress";
import { BulkStatusBadge, bulkActionTitle, effectiveBulkStatus } from "@/components/remediation/bulk-status-badge";
import { formatUtc } from "@/lib/format/dates";
import { getDb } from "@/server/db";
import { listActiveBulkActions } from "@/server/remediation/list-bulk-actions";
import { getBulkProgressAction } from "../bulk-actions/actions";
import { bulkLiveView } from "../bulk-actions/live-view";

/** Bulk actions in flight (running, paused, awaiting approval), each with its live bar and a link to its page. */
export async function BulkProgressWidget({ incident }: { incident: { id: string; slug: string } }) {
  const rows = await listActiveBulkActions(await getDb(), incident.id);
  const base = `/incidents/${encodeURIComponent(incident.slug)}/bulk-actions`;
  if (rows.length === 0) {
    return (
      <p className="text-sm text-slate-500">
        No bulk action is running or awaiting approval.{" "}
        <Link href={base} className="font-medium text-brand-700 hover:underline">
          All bulk actions
        </Link>
      </p>
    );
  }
  const now = new Date();
  return (
    <ul className="space-y-4" data-testid="bulk-progress-widget">
      {rows.map((row) => {
        const title = bulkActionTitle(row.kind, row.total);
        const status = effectiveBulkStatus(row.status, row.expiresAt, now);
        return (
          <li key={row.id} className="space-y-1.5">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <Link href={`${base}/${row.id}`} className="text-sm font-medium text-brand-700 hover:underline">
                {title}
              </Link>
              <BulkStatusBadge status={status} />
            </div>
            {status === "pending_approval" ? (
              <p className="text-xs text-slate-500">
                Requested by {row.requestedBy?.name ?? "—"}; waits for a second person&apos;s approval
                {row.expiresAt ? ` until ${formatUtc(row.expiresAt)}` : ""}.
              </p>
            ) : (
              <BulkProgressLive
                compact
                initial={bulkLiveView(row)}
                poll={getBulkProgressAction.bind(null, incident.slug, row.id)}
                label={`Progress of the ${title.toLowerCase()}`}
              />
            )}
          </li>
        );
      })}
    </ul>
  );
}

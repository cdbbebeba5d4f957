import Link from "next/link";
import { formatCount } from "@/lib/format/numbers";
import { formatUtc } from "@/lib/format/dates";
import type { ActionKind } from "@/lib/remediation/actions";
import { bulkActionTitle } from "../remediation/bulk-status-badge";

/** A request that waits for the viewer's approval, as the server lists it (plain props). */
export type PendingApprovalRow = {
  type: "bulk_action" | "notice_campaign" | "incident_close";
  id: string;
  kind: string | null;
  total: number;
  requestedBy: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  incident: { slug: string; title: string };
};

function titleOf(row: PendingApprovalRow): string {
  if (row.type === "incident_close") return "Close the incident";
  if (row.type === "notice_campaign") return `Customer notice to ${formatCount(row.total)} ${row.total === 1 ? "customer" : "customers"}`;
  return bulkActionTitle(row.kind as ActionKind, row.total);
}

function pendingApprovalHref(row: PendingApprovalRow): string {
  const base = `/incidents/${encodeURIComponent(row.incident.slug)}`;
  if (row.type === "incident_close") return `${base}/close`;
  return row.type === "notice_campaign" ? `${base}/notices/${row.id}` : `${base}/bulk-actions/${row.id}`;
}

/**
 * Requests waiting for the viewer's approval, soonest expiry first: a list
 * (not a table) so that it reads the same on a phone.
 */
export function PendingApprovalsList({
  rows,
  showIncident = false,
}: {
  rows: PendingApprovalRow[];
  showIncident?: boolean;
}) {
  if (rows.length === 0) {
    return <p className="text-sm text-slate-500">Nothing waits for your approval.</p>;
  }
  return (
    <ul className="divide-y divide-slate-100" data-testid="pending-approvals">
      {rows.map((row) => (
        <li key={`${row.type}-${row.id}`} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 py-2.5">
          <div className="min-w-0">
            <Link href={pendingApprovalHref(row)} className="text-sm font-medium text-brand-700 hover:underline">
              {titleOf(row)}
            </Link>
            <p className="text-xs text-slate-500">
              Requested by {row.requestedBy ?? "a deleted staff member"} on {formatUtc(row.createdAt)}
              {showIncident ? ` · ${row.incident.title}` : ""}
            </p>
          </div>
          <p className="text-xs font-medium text-amber-800">
            {row.expiresAt ? `Expires ${formatUtc(row.expiresAt)}` : "Does not expire"}
          </p>
        </li>
      ))}
    </ul>
  );
}

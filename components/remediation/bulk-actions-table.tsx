import Link from "next/link";
import type { ReactNode } from "react";
import { formatUtc } from "@/lib/format/dates";
import { formatCount } from "@/lib/format/numbers";
import type { ActionKind, BulkStatus } from "@/lib/remediation/actions";
import { Badge } from "../ui/badge";
import { TableHead } from "../ui/table-head";
import { BulkProgressBar } from "./bulk-progress";
import { BulkStatusBadge, bulkActionTitle, holdDurationText } from "./bulk-status-badge";

/** One bulk action in the incident's list, as the page hands it over. */
export type BulkListRow = {
  id: string;
  href: string;
  kind: ActionKind;
  origin: "bulk" | "single" | "recommendation";
  /** As the viewer sees it: a lapsed request shows as expired. */
  status: BulkStatus;
  reason: string;
  holdHours: number | null;
  total: number;
  succeeded: number;
  skipped: number;
  failed: number;
  cancelled: number;
  requestedBy: { name: string } | null;
  decidedBy: { name: string } | null;
  createdAt: string;
  expiresAt: string | null;
};

const COLUMNS = ["Action", "Status", { label: "Accounts", align: "right" as const }, "Progress", "Requested by", "Decided by", "Created"];

function decidedText(row: BulkListRow): ReactNode {
  if (!row.decidedBy) return <span className="text-slate-400">{row.status === "pending_approval" ? "—" : "no approval needed"}</span>;
  return (
    <>
      <span className="text-xs text-slate-500">{row.status === "rejected" ? "Rejected by " : "Approved by "}</span>
      {row.decidedBy.name}
    </>
  );
}

/**
 * The incident's bulk actions as a table: what each does and to how many,
 * where it stands, who asked and who decided. `controls` renders a row's
 * buttons (approve/reject), when the viewer has any.
 */
export function BulkActionsTable({
  rows,
  caption,
  controls,
}: {
  rows: readonly BulkListRow[];
  caption: string;
  controls?: (row: BulkListRow) => ReactNode;
}) {
  return (
    <div className="-mx-5 -my-5 overflow-x-auto">
      <table className="min-w-full text-sm" data-testid="bulk-actions-table">
        <caption className="sr-only">{caption}</caption>
        <TableHead columns={controls ? [...COLUMNS, { label: <span className="sr-only">Decision</span> }] : COLUMNS} cell="px-4 py-2.5" />
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.id} className="align-top">
              <td className="px-4 py-3">
                <Link href={row.href} className="font-medium text-brand-700 hover:underline">
                  {bulkActionTitle(row.kind, row.total)}
                </Link>
                {row.kind === "withdrawal_hold" ? (
                  <span className="text-slate-600"> · {holdDurationText(row.holdHours)}</span>
                ) : null}
                {row.origin === "recommendation" ? (
                  <span className="ml-2">
                    <Badge tone="info">Recommendation</Badge>
                  </span>
                ) : null}
                <p className="mt-0.5 max-w-md truncate text-xs text-slate-500" title={row.reason}>
                  {row.reason}
                </p>
              </td>
              <td className="whitespace-nowrap px-4 py-3">
                <BulkStatusBadge status={row.status} />
                {row.status === "pending_approval" && row.expiresAt ? (
                  <p className="mt-1 text-xs text-slate-500">expires {formatUtc(row.expiresAt)}</p>
                ) : null}
              </td>
              <td className="px-4 py-3 text-right font-semibold tabular-nums text-slate-900">{formatCount(row.total)}</td>
              <td className="min-w-40 px-4 py-3">
                {["pending_approval", "rejected", "expired"].includes(row.status) ? (
                  <span className="text-xs text-slate-400">not started</span>
                ) : (
                  <BulkProgressBar
                    compact
                    label={`Progress of the ${bulkActionTitle(row.kind, row.total).toLowerCase()}`}
                    view={{ ...row, startedAt: null, finishedAt: null }}
                  />
                )}
              </td>
              <td className="whitespace-nowrap px-4 py-3 text-slate-700">{row.requestedBy?.name ?? "—"}</td>
              <td className="whitespace-nowrap px-4 py-3 text-slate-700">{decidedText(row)}</td>
              <td className="whitespace-nowrap px-4 py-3 text-slate-600">{formatUtc(row.createdAt)}</td>
              {controls ? <td className="min-w-56 px-4 py-3">{controls(row)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

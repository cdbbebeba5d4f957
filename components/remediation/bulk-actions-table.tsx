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

const ACCOUNTS_COLUMN = { label: "Accounts", align: "right" as const };
const COLUMNS = ["Action", "Status", ACCOUNTS_COLUMN, "Progress", "Requested", "Decided"];
// Awaiting approval: nothing has run and nobody has decided yet.
const PENDING_COLUMNS = ["Action", "Status", ACCOUNTS_COLUMN, "Requested", "Decision"];

function decidedText(row: BulkListRow): ReactNode {
  if (!row.decidedBy)
    return (
      <span className="text-xs text-slate-500">{row.status === "pending_approval" ? "—" : "no approval needed"}</span>
    );
  return (
    <>
      <span className="block text-xs text-slate-500">{row.status === "rejected" ? "Rejected by" : "Approved by"}</span>
      <span className="whitespace-nowrap">{row.decidedBy.name}</span>
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
  /** Given for the table of requests awaiting approval: a row's decision buttons. */
  controls?: (row: BulkListRow) => ReactNode;
}) {
  const pending = controls !== undefined;
  return (
    <div className="-mx-5 -my-5 overflow-x-auto">
      <table className="min-w-full text-sm" data-testid="bulk-actions-table">
        <caption className="sr-only">{caption}</caption>
        <TableHead columns={pending ? PENDING_COLUMNS : COLUMNS} cell="px-4 py-2.5" />
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
                <p className="mt-0.5 max-w-xs truncate text-xs text-slate-500" title={row.reason}>
                  {row.reason}
                </p>
              </td>
              <td className="whitespace-nowrap px-4 py-3">
                <BulkStatusBadge status={row.status} />
                {row.status === "pending_approval" && row.expiresAt ? (
                  <p className="mt-1 text-xs text-slate-500">expires {formatUtc(row.expiresAt)}</p>
                ) : null}
              </td>
              <td className="px-4 py-3 text-right font-semibold tabular-nums text-slate-900">
                {formatCount(row.total)}
              </td>
              {pending ? null : (
                <td className="min-w-36 px-4 py-3">
                  {["pending_approval", "rejected", "expired"].includes(row.status) ? (
                    <span className="text-xs text-slate-500">not started</span>
                  ) : (
                    <BulkProgressBar
                      compact
                      label={`Progress of the ${bulkActionTitle(row.kind, row.total).toLowerCase()}`}
                      view={{ ...row, startedAt: null, finishedAt: null }}
                    />
                  )}
                </td>
              )}
              <td className="whitespace-nowrap px-4 py-3 text-slate-700">
                {row.requestedBy?.name ?? "—"}
                <p className="text-xs text-slate-500">{formatUtc(row.createdAt)}</p>
              </td>
              {pending ? (
                <td className="px-4 py-3">{controls(row)}</td>
              ) : (
                <td className="px-4 py-3 text-slate-700">{decidedText(row)}</td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

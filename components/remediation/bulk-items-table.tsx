import Link from "next/link";
import { formatUtc } from "@/lib/format/dates";
import { formatCount } from "@/lib/format/numbers";
import { itemErrorText, type ItemStatus } from "@/lib/remediation/actions";
import { Badge, type BadgeTone } from "../ui/badge";
import { TableHead } from "../ui/table-head";

export type BulkItemRow = {
  seq: number;
  accountId: number;
  externalId: string | null;
  status: ItemStatus;
  attempts: number;
  lastError: string | null;
  doneAt: string | null;
};

const ITEM_LABEL: Record<ItemStatus, string> = {
  queued: "Queued",
  in_progress: "In progress",
  succeeded: "Done",
  skipped: "Skipped",
  failed: "Failed",
  cancelled: "Cancelled",
};

const ITEM_TONE = {
  queued: "neutral",
  in_progress: "info",
  succeeded: "success",
  skipped: "neutral",
  failed: "danger",
  cancelled: "warning",
} as const satisfies Record<ItemStatus, BadgeTone>;

export type ItemFilterLink = { label: string; href: string; count: number | null; current: boolean };

/**
 * The first accounts of a bulk action, in the order they run, with a filter
 * (all, failed, skipped) that lives in the URL.
 */
export function BulkItemsTable({
  rows,
  accountHrefBase,
  filters,
  limit,
}: {
  rows: readonly BulkItemRow[];
  accountHrefBase: string;
  filters: readonly ItemFilterLink[];
  limit: number;
}) {
  return (
    <div className="space-y-3">
      <nav aria-label="Filter the accounts by status" className="flex flex-wrap gap-2">
        {filters.map((filter) => (
          <Link
            key={filter.label}
            href={filter.href}
            scroll={false}
            aria-current={filter.current ? "page" : undefined}
            className={`rounded-full px-3 py-1 text-xs font-medium ring-1 ring-inset ${
              filter.current ? "bg-brand-600 text-white ring-brand-600" : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50"
            }`}
          >
            {filter.label}
            {filter.count !== null ? <span className="ml-1 tabular-nums">{formatCount(filter.count)}</span> : null}
          </Link>
        ))}
      </nav>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">No accounts here.</p>
      ) : (
        <div className="-mx-5 -mb-5 overflow-x-auto border-t border-slate-100">
          <table className="min-w-full text-sm" data-testid="bulk-items-table">
            <caption className="sr-only">The first {limit} accounts of this bulk action, in the order they run</caption>
            <TableHead
              columns={[{ label: "#", align: "right" }, "Account", "Status", { label: "Attempts", align: "right" }, "Last error", "Finished"]}
              cell="px-4 py-2"
            />
            <tbody className="divide-y divide-slate-100">
              {rows.map((row) => (
                <tr key={row.seq}>
                  <td className="px-4 py-2 text-right text-xs text-slate-500 tabular-nums">{row.seq}</td>
                  <td className="px-4 py-2">
                    <Link href={`${accountHrefBase}/${row.accountId}`} className="font-mono text-xs text-brand-700 hover:underline">
                      {row.externalId ?? `#${row.accountId}`}
                    </Link>
                  </td>
                  <td className="px-4 py-2">
                    <Badge tone={ITEM_TONE[row.status]}>{ITEM_LABEL[row.status]}</Badge>
                  </td>
                  <td className="px-4 py-2 text-right tabular-nums text-slate-700">{row.attempts}</td>
                  <td className="max-w-md px-4 py-2 text-xs text-slate-600">{itemErrorText(row.lastError) ?? "—"}</td>
                  <td className="whitespace-nowrap px-4 py-2 text-xs text-slate-500">{row.doneAt ? formatUtc(row.doneAt) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rows.length === limit ? (
        <p className="text-xs text-slate-500">Showing the first {limit}; the counts above cover them all.</p>
      ) : null}
    </div>
  );
}

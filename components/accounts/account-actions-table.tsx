import Link from "next/link";
import { formatUtc } from "@/lib/format/dates";
import { ACTION_KIND_LABELS, type ActionKind, type ItemStatus } from "@/lib/remediation/actions";
import { Badge, type BadgeTone } from "../ui/badge";
import { TableHead } from "../ui/table-head";

export type AccountActionRow = {
  bulkActionId: string;
  kind: ActionKind;
  origin: "single" | "bulk" | "recommendation";
  status: ItemStatus;
  /** The bulk action's own status: an item of a request awaiting approval has not been approved to run. */
  bulkStatus: string;
  reason: string;
  requestedBy: string | null;
  createdAt: Date;
  doneAt: Date | null;
  lastError: string | null;
};

/** An item still queued says why when its request never ran (or has not yet). */
const WAITING: Record<string, { label: string; tone: BadgeTone }> = {
  pending_approval: { label: "awaiting approval", tone: "warning" },
  rejected: { label: "not run: rejected", tone: "neutral" },
  expired: { label: "not run: expired", tone: "neutral" },
  paused: { label: "queued (paused)", tone: "info" },
};

const STATUS_TONE: Record<ItemStatus, BadgeTone> = {
  queued: "info",
  in_progress: "warning",
  succeeded: "success",
  skipped: "neutral",
  failed: "danger",
  cancelled: "neutral",
};

export function AccountActionsTable({
  actions,
  bulkHref,
}: {
  actions: readonly AccountActionRow[];
  bulkHref: (id: string) => string;
}) {
  if (actions.length === 0) return <p className="text-sm text-slate-500">No actions yet.</p>;
  return (
    <div className="-mx-5 -my-5 overflow-x-auto">
      <table className="min-w-full text-sm">
        <caption className="sr-only">Remediation actions on this account</caption>
        <TableHead columns={["Action", "Status", "Requested", "By", "Done", "Reason"]} cell="px-5 py-2" />
        <tbody className="divide-y divide-slate-100">
          {actions.map((action) => (
            <tr key={action.bulkActionId}>
              <td className="whitespace-nowrap px-5 py-2 font-medium text-slate-900">
                {ACTION_KIND_LABELS[action.kind]}
                {action.origin !== "single" ? (
                  <Link href={bulkHref(action.bulkActionId)} className="ml-1.5 text-xs font-normal text-brand-700 underline">
                    bulk
                  </Link>
                ) : null}
              </td>
              <td className="px-5 py-2">
                {action.status === "queued" && WAITING[action.bulkStatus] ? (
                  <Badge tone={WAITING[action.bulkStatus]!.tone}>{WAITING[action.bulkStatus]!.label}</Badge>
                ) : (
                  <Badge tone={STATUS_TONE[action.status]}>{action.status.replace("_", " ")}</Badge>
                )}
                {action.lastError ? <span className="ml-1.5 text-xs text-slate-500">{action.lastError.replaceAll("_", " ")}</span> : null}
              </td>
              <td className="whitespace-nowrap px-5 py-2 text-slate-600">{formatUtc(action.createdAt)}</td>
              <td className="px-5 py-2 text-slate-600">{action.requestedBy ?? "—"}</td>
              <td className="whitespace-nowrap px-5 py-2 text-slate-600">{action.doneAt ? formatUtc(action.doneAt) : "—"}</td>
              <td className="px-5 py-2 text-slate-600">{action.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

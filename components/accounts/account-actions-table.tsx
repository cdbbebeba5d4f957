import { formatUtc } from "@/lib/format/dates";
import { Badge, type BadgeTone } from "../ui/badge";
import { TableHead } from "../ui/table-head";

export type AccountActionRow = {
  id: string;
  kind: string;
  status: string;
  reason: string | null;
  requestedBy: string | null;
  createdAt: Date;
  completedAt: Date | null;
  bulk: boolean;
};

const KIND_LABELS: Record<string, string> = {
  password_reset: "Password reset",
  withdrawal_hold: "Withdrawal hold",
  hold_release: "Hold released",
};

const STATUS_TONE: Record<string, BadgeTone> = {
  requested: "info",
  in_progress: "warning",
  succeeded: "success",
  failed: "danger",
  cancelled: "neutral",
};

export function AccountActionsTable({ actions }: { actions: readonly AccountActionRow[] }) {
  if (actions.length === 0) return <p className="text-sm text-slate-500">No actions yet.</p>;
  return (
    <div className="-mx-5 -my-5 overflow-x-auto">
      <table className="min-w-full text-sm">
        <caption className="sr-only">Remediation actions on this account</caption>
        <TableHead columns={["Action", "Status", "Requested", "By", "Completed", "Reason"]} cell="px-5 py-2" />
        <tbody className="divide-y divide-slate-100">
          {actions.map((action) => (
            <tr key={action.id}>
              <td className="whitespace-nowrap px-5 py-2 font-medium text-slate-900">
                {KIND_LABELS[action.kind] ?? action.kind}
                {action.bulk ? <span className="ml-1.5 text-xs font-normal text-slate-500">(bulk)</span> : null}
              </td>
              <td className="px-5 py-2">
                <Badge tone={STATUS_TONE[action.status] ?? "neutral"}>{action.status.replace("_", " ")}</Badge>
              </td>
              <td className="whitespace-nowrap px-5 py-2 text-slate-600">{formatUtc(action.createdAt)}</td>
              <td className="px-5 py-2 text-slate-600">{action.requestedBy ?? "—"}</td>
              <td className="whitespace-nowrap px-5 py-2 text-slate-600">
                {action.completedAt ? formatUtc(action.completedAt) : "—"}
              </td>
              <td className="px-5 py-2 text-slate-600">{action.reason ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

import { Badge, type BadgeTone } from "@/components/ui/badge";
import { TableHead } from "@/components/ui/table-head";
import { formatCount } from "@/lib/format/numbers";

export type ForwardingRow = {
  id: string;
  name: string;
  kind: string;
  where: string;
  state: "ok" | "retrying" | "breaker-open" | "disabled";
  cursorId: number;
  lag: number;
  lastError: string | null;
};

const STATES: Record<ForwardingRow["state"], { label: string; tone: BadgeTone }> = {
  ok: { label: "Forwarding", tone: "success" },
  retrying: { label: "Retrying", tone: "warning" },
  "breaker-open": { label: "Paused (breaker)", tone: "danger" },
  disabled: { label: "Disabled", tone: "neutral" },
};

/** Where the audit log goes, and how far each SIEM has got: read-only (configured with `breachdesk siem` or the API). */
export function ForwardingTable({ rows }: { rows: ForwardingRow[] }) {
  if (rows.length === 0) {
    return (
      <p className="text-sm text-slate-500" data-testid="audit-forwarding-empty">
        The audit log is not forwarded anywhere. Add a SIEM with{" "}
        <code className="font-mono text-xs">npx breachdesk siem add</code>.
      </p>
    );
  }
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Audit forwarding destinations</caption>
        <TableHead
          columns={[
            "Name",
            "Kind",
            "Where",
            "State",
            { label: "Forwarded to", align: "right" },
            { label: "Behind", align: "right" },
            "Last error",
          ]}
        />
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={row.id}>
              <td className="px-5 py-3 font-medium text-slate-900">{row.name}</td>
              <td className="px-5 py-3 font-mono text-xs">{row.kind}</td>
              <td className="px-5 py-3 font-mono text-xs [overflow-wrap:anywhere]">{row.where}</td>
              <td className="px-5 py-3">
                <Badge tone={STATES[row.state].tone}>{STATES[row.state].label}</Badge>
              </td>
              <td className="px-5 py-3 text-right tabular-nums">#{row.cursorId}</td>
              <td className="px-5 py-3 text-right tabular-nums">{formatCount(row.lag)}</td>
              <td className="px-5 py-3 text-xs text-slate-600 [overflow-wrap:anywhere]">{row.lastError ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

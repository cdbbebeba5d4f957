import Link from "next/link";
import { formatUtc } from "@/lib/format/dates";
import { formatCount } from "@/lib/format/numbers";
import { TableHead } from "../ui/table-head";
import { IncidentStatusBadge } from "./incident-status-badge";

export type IncidentRow = {
  slug: string;
  title: string;
  status: string;
  awareAt: Date;
  leakedRecipients: number;
  matchedAccounts: number;
  openActions: number;
};

export function IncidentTable({ incidents }: { incidents: IncidentRow[] }) {
  if (incidents.length === 0) {
    return (
      <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-16 text-center">
        <p className="text-sm font-medium text-slate-900">No incidents yet</p>
        <p className="mt-1 text-sm text-slate-500">
          Create one with{" "}
          <code className="rounded bg-slate-100 px-1.5 py-0.5 text-xs">npx breachdesk incident create</code>.
        </p>
      </div>
    );
  }
  return (
    <div className="overflow-hidden rounded-xl border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="sr-only">Incidents</caption>
        <TableHead
          columns={[
            "Incident",
            "Status",
            "Became aware (T0)",
            { label: "Leaked recipients", align: "right" },
            { label: "Matched accounts", align: "right" },
            { label: "Open actions", align: "right" },
          ]}
        />
        <tbody className="divide-y divide-slate-100">
          {incidents.map((incident) => (
            <tr key={incident.slug} className="hover:bg-slate-50">
              <td className="px-5 py-4">
                <Link
                  href={`/incidents/${incident.slug}`}
                  className="font-medium text-slate-900 hover:text-brand-600 focus-visible:text-brand-600"
                >
                  {incident.title}
                </Link>
                <div className="mt-0.5 font-mono text-xs text-slate-500">{incident.slug}</div>
              </td>
              <td className="px-5 py-4">
                <IncidentStatusBadge status={incident.status} />
              </td>
              <td className="px-5 py-4 text-slate-600">{formatUtc(incident.awareAt)}</td>
              <td className="px-5 py-4 text-right tabular-nums">{formatCount(incident.leakedRecipients)}</td>
              <td className="px-5 py-4 text-right tabular-nums">{formatCount(incident.matchedAccounts)}</td>
              <td className="px-5 py-4 text-right tabular-nums">{formatCount(incident.openActions)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

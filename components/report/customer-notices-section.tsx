import { formatUtc } from "@/lib/format/dates";
import { formatCount } from "@/lib/format/numbers";

export type ReportNoticeCampaign = {
  id: string;
  status: string;
  templateVersion: number;
  createdAt: string;
  finishedAt: string | null;
  total: number;
  sent: number;
  bounced: number;
  failed: number;
  inDoubt: number;
  cancelled: number;
};

const STATUS: Record<string, string> = {
  pending_approval: "awaiting approval",
  running: "sending",
  paused: "paused",
  cancelled: "stopped",
  completed: "finished",
};

/**
 * The Article 34 evidence: each notice campaign that was approved (or is
 * waiting), with its delivery counts. When customers were told some other way
 * (the "customers notified" milestone), it says so rather than contradict the
 * key dates.
 */
export function CustomerNoticesTable({
  campaigns,
  customersNotifiedAt = null,
}: {
  campaigns: ReportNoticeCampaign[];
  /** The "customers notified" milestone, if recorded. */
  customersNotifiedAt?: string | null;
}) {
  if (campaigns.length === 0)
    return (
      <p className="text-sm text-slate-700" data-testid="report-notices-none">
        {customersNotifiedAt
          ? `Customers were notified on ${formatUtc(customersNotifiedAt)} (the “customers notified” milestone on the timeline), outside Breachdesk: no notice campaign was sent from it.`
          : "No customer has been notified yet."}
      </p>
    );
  return (
    <table className="w-full text-left text-sm print:text-[10pt]" data-testid="report-notices">
      <caption className="sr-only">Customer notice campaigns and their delivery counts</caption>
      <thead className="text-xs text-slate-500">
        <tr>
          <th scope="col" className="pb-1.5 pr-3 font-medium">
            Requested (UTC)
          </th>
          <th scope="col" className="pb-1.5 pr-3 font-medium">
            Notice
          </th>
          <th scope="col" className="pb-1.5 pr-3 font-medium">
            Status
          </th>
          <th scope="col" className="pb-1.5 pr-3 text-right font-medium">
            Customers
          </th>
          <th scope="col" className="pb-1.5 pr-3 text-right font-medium">
            Sent
          </th>
          <th scope="col" className="pb-1.5 pr-3 text-right font-medium">
            Bounced / failed
          </th>
          <th scope="col" className="pb-1.5 text-right font-medium">
            In doubt
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-100 border-t border-slate-200">
        {campaigns.map((c) => (
          <tr key={c.id}>
            <td className="py-1.5 pr-3 tabular-nums">{formatUtc(c.createdAt)}</td>
            <td className="py-1.5 pr-3">version {c.templateVersion}</td>
            <td className="py-1.5 pr-3">
              {STATUS[c.status] ?? c.status}
              {c.finishedAt ? <span className="block text-xs text-slate-500">{formatUtc(c.finishedAt)}</span> : null}
            </td>
            <td className="py-1.5 pr-3 text-right tabular-nums">{formatCount(c.total)}</td>
            <td className="py-1.5 pr-3 text-right font-semibold tabular-nums">{formatCount(c.sent)}</td>
            <td className="py-1.5 pr-3 text-right tabular-nums">
              {formatCount(c.bounced)} / {formatCount(c.failed)}
            </td>
            <td className="py-1.5 text-right tabular-nums">{formatCount(c.inDoubt)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

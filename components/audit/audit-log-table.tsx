import Link from "next/link";
import { TableHead } from "@/components/ui/table-head";
import { formatUtc } from "@/lib/format/dates";

export type AuditLogRow = {
  id: number;
  at: Date;
  actor: string | null;
  /** Set when an API token acted (the actor is its creator). */
  viaToken: boolean;
  action: string;
  incident: string | null;
  target: { type: string; label: string; href: string | null } | null;
  /** The entry's detail as compact JSON, cut to a readable length. */
  detail: string | null;
  hash: string | null;
};

const TARGET_TYPES: Record<string, string> = {
  customer_account: "Account",
  bulk_action: "Bulk action",
  notice_campaign: "Notice",
  notice_template: "Notice template",
  incident: "Incident",
  import_job: "Import",
  timeline_event: "Timeline event",
  notification_obligation: "Obligation",
  staff_user: "Staff",
  api_token: "API token",
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function TargetCell({ target }: { target: AuditLogRow["target"] }) {
  if (!target) return <span className="text-slate-400">—</span>;
  const kind = TARGET_TYPES[target.type] ?? target.type;
  // A bare UUID says little and takes three lines: its first block tells entries apart, the tooltip has it whole.
  const short = UUID.test(target.label) ? `${target.label.slice(0, 8)}…` : target.label;
  // Ids and slugs stay on one line; only a long label (an e-mail) may wrap.
  const label = (
    <span
      className={`font-mono text-xs ${short.length <= 24 ? "whitespace-nowrap" : ""}`}
      title={short === target.label ? undefined : target.label}
    >
      {short}
    </span>
  );
  return (
    <span className="[overflow-wrap:anywhere]">
      <span className="text-slate-500">{kind} </span>
      {target.href ? (
        <Link
          href={target.href}
          className="text-brand-700 underline decoration-brand-300 underline-offset-2 hover:text-brand-900"
        >
          {label}
        </Link>
      ) : (
        label
      )}
    </span>
  );
}

function Actor({ entry }: { entry: AuditLogRow }) {
  return (
    <>
      {entry.actor ?? "Breachdesk"}
      {entry.viaToken ? <span className="block text-xs text-slate-500">via API token</span> : null}
    </>
  );
}

/**
 * One page of audit entries. Narrower screens drop the hash, then the chain
 * position, and on a phone who and the target move under the action; the
 * region scrolls sideways if a cell still does not fit, the page never does.
 */
export function AuditLogTable({ rows, caption }: { rows: readonly AuditLogRow[]; caption: string }) {
  return (
    <div
      className="-mx-5 overflow-x-auto border-y border-slate-100"
      tabIndex={0}
      role="region"
      aria-label="Audit entries"
    >
      <table className="w-full text-sm" data-testid="audit-log-table">
        <caption className="sr-only">{caption}</caption>
        <TableHead
          columns={[
            { label: "#", className: "hidden sm:table-cell" },
            "When (UTC)",
            { label: "Who", className: "hidden md:table-cell" },
            "Action",
            { label: "Target", className: "hidden md:table-cell" },
            { label: "Hash", className: "hidden 2xl:table-cell" },
          ]}
          cell="px-3 py-2 first:pl-5 last:pr-5"
        />
        <tbody className="divide-y divide-slate-100">
          {rows.map((entry) => (
            <tr key={entry.id} className="align-top">
              <td className="hidden px-3 py-2 pl-5 tabular-nums text-slate-500 sm:table-cell">{entry.id}</td>
              <td className="min-w-[7rem] px-3 py-2 pl-5 text-slate-600 sm:pl-3 sm:whitespace-nowrap">
                {formatUtc(entry.at)}
              </td>
              <td className="hidden px-3 py-2 text-slate-700 md:table-cell lg:whitespace-nowrap">
                <Actor entry={entry} />
              </td>
              <td className="px-3 py-2 pr-5 md:pr-3">
                <span className="font-medium text-slate-900 [overflow-wrap:anywhere]">{entry.action}</span>
                {entry.incident ? <span className="block text-xs text-slate-500">{entry.incident}</span> : null}
                {/* On a phone who and what stack under the action: two columns fit, five do not. */}
                <span className="mt-1 block text-xs text-slate-700 [overflow-wrap:anywhere] md:hidden">
                  by <Actor entry={entry} />
                </span>
                {entry.target ? (
                  <span className="block text-xs md:hidden">
                    <TargetCell target={entry.target} />
                  </span>
                ) : null}
                {entry.detail ? (
                  <span
                    className="block max-w-[11rem] truncate font-mono text-[11px] text-slate-500 sm:max-w-xs xl:max-w-sm"
                    title={entry.detail}
                  >
                    {entry.detail}
                  </span>
                ) : null}
              </td>
              <td className="hidden min-w-[10rem] px-3 py-2 pr-5 md:table-cell 2xl:pr-3">
                <TargetCell target={entry.target} />
              </td>
              <td
                className="hidden px-3 py-2 pr-5 font-mono text-xs text-slate-500 2xl:table-cell"
                title={entry.hash ?? undefined}
              >
                {entry.hash ? `${entry.hash.slice(0, 8)}…` : "—"}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

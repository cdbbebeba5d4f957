import { formatUtc } from "@/lib/format/dates";

export type AuditTrailEntry = { id: number; at: Date; actor: string | null; action: string; detail: string | null };

// Who looked at the customer's address is part of the trail (an unmasked view is itself audited); say it in words.
const ACTION_LABELS: Record<string, string> = {
  "accounts.viewed_unmasked": "Viewed the unmasked address",
  "accounts.exported": "Exported unmasked addresses in a CSV that takes in this account",
  "accounts.note_added": "Added a note",
};

export function AccountAuditTrail({ entries }: { entries: readonly AuditTrailEntry[] }) {
  if (entries.length === 0) return <p className="text-sm text-slate-500">Nothing recorded against this account yet.</p>;
  return (
    <ol className="divide-y divide-slate-100 text-sm">
      {entries.map((entry) => (
        <li key={entry.id} className="grid grid-cols-1 gap-x-3 py-2 sm:grid-cols-[11rem_minmax(0,1fr)]">
          <span className="text-xs text-slate-500">{formatUtc(entry.at)}</span>
          <div className="min-w-0">
            <p>
              {ACTION_LABELS[entry.action] ? (
                <span className="text-slate-900">{ACTION_LABELS[entry.action]} </span>
              ) : null}
              <span className="break-all font-mono text-xs text-slate-900">{entry.action}</span>
              <span className="ml-2 text-slate-600">by {entry.actor ?? "the system"}</span>
            </p>
            {entry.detail ? <p className="truncate font-mono text-[11px] text-slate-500">{entry.detail}</p> : null}
          </div>
        </li>
      ))}
    </ol>
  );
}

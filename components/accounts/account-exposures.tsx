import Link from "next/link";
import { formatUtc } from "@/lib/format/dates";
import { formatCount } from "@/lib/format/numbers";

export type Exposure = {
  messageId: number;
  batchKey: string;
  subject: string | null;
  sentAt: Date | null;
  recipientCount: number;
  visibility: string;
  listedAs: string;
  /** The triage table filtered to this message's recipients. */
  groupHref: string;
};

const VISIBILITY: Record<string, string> = {
  to: "To:",
  cc: "Cc:",
  bcc: "Bcc: (not disclosed)",
  unknown: "field unknown",
};

/** The message(s) that exposed the address, and who else saw them. */
export function AccountExposures({ exposures, seenBy }: { exposures: readonly Exposure[]; seenBy: number }) {
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-700">
        Seen by <strong className="tabular-nums">{formatCount(seenBy)}</strong> other recipients
        {exposures.length > 1 ? ` (largest of ${exposures.length} messages)` : ""}.
      </p>
      <ul className="space-y-3">
        {exposures.map((exposure) => (
          <li key={exposure.messageId} className="rounded-lg border border-slate-200 p-3 text-sm">
            <p className="font-medium text-slate-900">{exposure.subject ?? "(no subject)"}</p>
            <dl className="mt-1.5 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-xs">
              <dt className="text-slate-500">Batch</dt>
              <dd className="truncate font-mono text-slate-700" title={exposure.batchKey}>
                {exposure.batchKey}
              </dd>
              <dt className="text-slate-500">Sent</dt>
              <dd className="text-slate-700">{exposure.sentAt ? formatUtc(exposure.sentAt) : "unknown"}</dd>
              <dt className="text-slate-500">Listed as</dt>
              <dd className="text-slate-700">
                {exposure.listedAs}{" "}
                <span className="text-slate-500">in {VISIBILITY[exposure.visibility] ?? exposure.visibility}</span>
              </dd>
              <dt className="text-slate-500">Recipients</dt>
              <dd className="tabular-nums text-slate-700">{formatCount(exposure.recipientCount)}</dd>
            </dl>
            <Link
              href={exposure.groupHref}
              className="mt-2 inline-block text-xs font-medium text-brand-700 hover:underline"
            >
              All {formatCount(exposure.recipientCount)} recipients of this message →
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

import type { FormAction } from "@/lib/action-result";
import { formatUtc } from "@/lib/format/dates";
import { PACK_REASON_LABELS, type EvidencePackView } from "@/lib/evidence/pack-view";
import { MakeEvidencePackButton } from "./make-evidence-pack-button";

function kib(bytes: number): string {
  return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString("en-GB")} KiB`;
}

/**
 * The report page's "Evidence pack" section: the signed zips kept for the
 * regulator or auditor (made at close, after forgetting, or on demand), each
 * a download (audited), and "Make now" for those who may close incidents.
 */
export function EvidencePacksSection({
  slug,
  packs,
  keyId,
  makeAction,
}: {
  slug: string;
  packs: EvidencePackView[];
  keyId: string;
  /** Absent for roles that cannot make one. */
  makeAction?: FormAction;
}) {
  const base = `/api/v1/incidents/${encodeURIComponent(slug)}/evidence-packs`;
  return (
    <section
      aria-labelledby="evidence-pack-heading"
      className="mx-auto max-w-4xl rounded-xl border border-slate-200 bg-white px-5 py-4 shadow-sm print:hidden"
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <h2 id="evidence-pack-heading" className="text-sm font-semibold text-slate-900">
            Evidence pack
          </h2>
          <p className="mt-1 max-w-2xl text-xs text-slate-600">
            One signed zip for the regulator or auditor: this report as PDF, the timeline with every version, the
            obligations, bulk actions and notices, and the incident&rsquo;s audit entries. Check it offline with{" "}
            <code className="font-mono">npx breachdesk evidence verify &lt;zip&gt; --key &lt;pem&gt;</code>; the
            instance&rsquo;s signing key is <code className="break-all font-mono">{keyId.slice(0, 16)}…</code> (
            <a className="text-brand-700 underline" href="/api/v1/instance/evidence-key">
              public key
            </a>
            ).
          </p>
        </div>
        {makeAction ? <MakeEvidencePackButton slug={slug} action={makeAction} /> : null}
      </div>
      {packs.length === 0 ? (
        <p className="mt-3 text-sm text-slate-600">No pack yet: one is made when the incident closes.</p>
      ) : (
        <table className="mt-3 w-full text-left text-sm">
          <caption className="sr-only">Evidence packs</caption>
          <thead className="text-xs text-slate-500">
            <tr>
              <th scope="col" className="pb-1.5 pr-4 font-medium">
                Made (UTC)
              </th>
              <th scope="col" className="pb-1.5 pr-4 font-medium">
                Why
              </th>
              <th scope="col" className="pb-1.5 pr-4 font-medium">
                SHA-256
              </th>
              <th scope="col" className="pb-1.5 font-medium">
                <span className="sr-only">Download</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100 border-t border-slate-200">
            {packs.map((pack) => (
              <tr key={pack.id} data-testid="evidence-pack">
                <td className="whitespace-nowrap py-2 pr-4 tabular-nums">{formatUtc(pack.madeAt)}</td>
                <td className="py-2 pr-4">
                  {PACK_REASON_LABELS[pack.reason]}
                  {pack.madeBy ? <span className="block text-xs text-slate-500">by {pack.madeBy}</span> : null}
                </td>
                <td className="py-2 pr-4 font-mono text-xs text-slate-600" title={pack.sha256}>
                  {pack.sha256.slice(0, 16)}…
                </td>
                <td className="whitespace-nowrap py-2 text-right">
                  <a
                    href={`${base}/${pack.id}`}
                    download
                    className="font-semibold text-brand-700 hover:text-brand-600"
                    aria-label={`Download the evidence pack made ${formatUtc(pack.madeAt)}`}
                  >
                    Download ({kib(pack.bytes)})
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

import { STEP_LABELS, type ErasureCertificate } from "@/lib/evidence/erasure-certificate";
import { formatUtc } from "@/lib/format/dates";
import { formatCount } from "@/lib/format/numbers";

/**
 * The certificate of erasure, printed with the report once a forget run is
 * done: what was removed or replaced, rows of each kind, when, by which run,
 * and the audit chain's head before and after (the same text the evidence
 * pack's erasure-certificate.json holds).
 */
export function ErasureCertificateSection({ certificate }: { certificate: ErasureCertificate }) {
  return (
    <section
      aria-labelledby="erasure-certificate-heading"
      className="mx-auto max-w-4xl rounded-xl border border-slate-200 bg-white px-12 py-8 text-sm leading-6 text-slate-800 shadow-sm print:break-before-page print:border-0 print:p-0 print:shadow-none"
    >
      <h2 id="erasure-certificate-heading" className="text-base font-semibold text-slate-900">
        Certificate of erasure
      </h2>
      <p className="mt-2">{certificate.statement}</p>
      {certificate.steps.map((step) => (
        <div key={step.runId} className="mt-5" data-testid="erasure-step">
          <h3 className="font-semibold text-slate-900">{STEP_LABELS[step.step]}</h3>
          <dl className="mt-2 grid grid-cols-[12rem_1fr] gap-x-4 gap-y-1 text-sm">
            <dt className="text-slate-600">Finished</dt>
            <dd className="tabular-nums">{formatUtc(step.finishedAt)}</dd>
            <dt className="text-slate-600">By run</dt>
            <dd className="break-all font-mono text-xs">{step.runId}</dd>
            {Object.entries(step.rows).map(([table, n]) => (
              <div key={table} className="contents">
                <dt className="text-slate-600">Rows in {table}</dt>
                <dd className="tabular-nums">{formatCount(n)}</dd>
              </div>
            ))}
            {Object.entries(step.kept).map(([table, n]) => (
              <div key={`kept-${table}`} className="contents">
                <dt className="text-slate-600">Kept in {table}</dt>
                <dd className="tabular-nums">
                  {formatCount(n)} <span className="text-slate-500">(passed to other incidents that still expose the accounts)</span>
                </dd>
              </div>
            ))}
            <dt className="text-slate-600">Audit head before</dt>
            <dd className="break-all font-mono text-xs">{step.auditHeadBefore ?? "—"}</dd>
            <dt className="text-slate-600">Audit head after</dt>
            <dd className="break-all font-mono text-xs">{step.auditHeadAfter ?? "—"}</dd>
          </dl>
        </div>
      ))}
    </section>
  );
}

import type { Metadata } from "next";
import { Article33Form } from "@/components/report/article-33-form";
import { ErasureCertificateSection } from "@/components/report/erasure-certificate-section";
import { EvidencePacksSection } from "@/components/report/evidence-packs-section";
import { IncidentReport } from "@/components/report/incident-report";
import { PrintButton } from "@/components/report/print-button";
import { ReportChoicesForm } from "@/components/report/report-choices-form";
import { ReportContactsForm } from "@/components/report/report-contacts-form";
import { DEFAULT_REPORT_CHOICES, parseReportChoices, reportTimeline } from "@/lib/timeline/report-selection";
import { ReportRemediation } from "@/components/report/report-remediation";
import { chartsForRange, packCharts } from "@/lib/remediation-charts/wire";
import { requirePagePermission } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { getErasureCertificate } from "@/server/evidence/get-erasure-certificate";
import { listEvidencePacks } from "@/server/evidence/list-evidence-packs";
import { evidenceSigningKey } from "@/server/evidence/signing-key";
import { listNoticeCampaigns } from "@/server/notify/get-notice-campaign";
import { readRemediationCharts } from "@/server/remediation-stats/read-remediation-charts";
import { buildIncidentReport } from "@/server/timeline/build-incident-report";
import { loadIncidentOr404 } from "../load-incident";
import { makeEvidencePackAction, updateArticle33SummaryAction, updateReportContactsAction } from "./actions";
import { mayChange } from "@/lib/closing/may-change";
import { can } from "@/lib/auth/permissions";

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { slug } = await params;
  // Becomes the suggested file name when saving as PDF.
  return { title: { absolute: `Incident report ${slug}` } };
}

// A4, with "Page x of y" in the bottom margin: Chromium prints CSS page-margin
// boxes (since version 131), so the numbers come from the print layout itself.
const PAGE_CSS = `@page { size: A4; margin: 16mm 14mm 18mm; @bottom-left { content: "Confidential · personal data breach report"; font: 8pt system-ui, sans-serif; color: #475569; } @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt system-ui, sans-serif; color: #475569; } } @media print { html, body { background: #fff !important; } main { padding: 0 !important; max-width: none !important; } }`;

export default async function IncidentReportPage({ params, searchParams }: Props) {
  const user = await requirePagePermission("reports.read");
  const { slug } = await params;
  const incident = await loadIncidentOr404(slug);
  const db = await getDb();
  const [report, remediation, campaigns, packs, certificate] = await Promise.all([
    buildIncidentReport(db, incident),
    readRemediationCharts(db, incident),
    listNoticeCampaigns(db, incident.id),
    listEvidencePacks(db, incident.id),
    getErasureCertificate(db, incident),
  ]);
  // Rejected and expired requests sent nothing: the report lists the rest.
  const noticeCampaigns = campaigns.filter((c) => c.status !== "rejected" && c.status !== "expired");
  const canEdit = mayChange(user.role, "incidents.write", incident);
  const choices = parseReportChoices(await searchParams);
  const shown = {
    ...report,
    // GDPR Article 33 is the report's reason to exist: never left out.
    obligations: report.obligations.filter((o) => o.builtIn || !choices.omitObligations.includes(o.id)),
  };
  const reportPath = `/incidents/${encodeURIComponent(incident.slug)}/report`;
  const csvHref = `/api/v1/incidents/${encodeURIComponent(incident.slug)}/timeline/export`;
  return (
    <div className="space-y-6">
      <style>{PAGE_CSS}</style>
      <div className="mx-auto flex max-w-4xl flex-wrap items-center justify-between gap-3 print:hidden">
        <p className="text-sm text-slate-600">
          The report regulators and the board receive. Print it, or choose &ldquo;Save as PDF&rdquo; in the print
          dialog.
        </p>
        <div className="flex gap-2">
          <a
            href={csvHref}
            className="rounded-md bg-white px-3 py-2 text-sm font-semibold text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
          >
            Timeline CSV
          </a>
          <PrintButton label="Print / Save as PDF" />
        </div>
      </div>
      <EvidencePacksSection
        slug={incident.slug}
        packs={packs}
        keyId={evidenceSigningKey().keyId}
        makeAction={can(user.role, "incidents.close") ? makeEvidencePackAction : undefined}
      />
      <details
        className="mx-auto max-w-4xl rounded-xl border border-slate-200 bg-white shadow-sm print:hidden"
        open={choices !== DEFAULT_REPORT_CHOICES}
      >
        <summary className="cursor-pointer select-none px-5 py-3 text-sm font-semibold text-brand-700 hover:text-brand-600">
          Choose what the report includes
        </summary>
        <div className="border-t border-slate-100 px-5 py-5">
          <ReportChoicesForm action={reportPath} choices={choices} obligations={report.obligations} />
        </div>
      </details>
      {canEdit ? (
        <details className="mx-auto max-w-4xl rounded-xl border border-slate-200 bg-white shadow-sm print:hidden">
          <summary className="cursor-pointer select-none px-5 py-3 text-sm font-semibold text-brand-700 hover:text-brand-600">
            Edit the controller and contact point
          </summary>
          <div className="border-t border-slate-100 px-5 py-5">
            <ReportContactsForm slug={incident.slug} contacts={report.contacts} action={updateReportContactsAction} />
          </div>
        </details>
      ) : null}
      {canEdit ? (
        <details className="mx-auto max-w-4xl rounded-xl border border-slate-200 bg-white shadow-sm print:hidden">
          <summary className="cursor-pointer select-none px-5 py-3 text-sm font-semibold text-brand-700 hover:text-brand-600">
            Edit the Article 33(3) summary
          </summary>
          <div className="border-t border-slate-100 px-5 py-5">
            <Article33Form
              slug={incident.slug}
              summary={report.article33.summary}
              action={updateArticle33SummaryAction}
            />
          </div>
        </details>
      ) : null}
      <IncidentReport
        report={shown}
        timeline={reportTimeline(report.events, choices)}
        preparedBy={user.name}
        remediation={
          <ReportRemediation packed={packCharts(chartsForRange(remediation.data, remediation.data.defaultRange))} />
        }
        noticeCampaigns={noticeCampaigns}
      />
      {certificate ? <ErasureCertificateSection certificate={certificate} /> : null}
    </div>
  );
}

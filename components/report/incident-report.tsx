import type { ReactNode } from "react";
import { formatUtc } from "@/lib/format/dates";
import { formatCount } from "@/lib/format/numbers";
import { formatHoursMinutes } from "@/lib/timeline/clock";
import { CATEGORY_LABELS, MILESTONE_LABELS, type TimelineMilestoneName } from "@/lib/timeline/categories";
import { formatMilestoneDuration, type MilestoneDuration } from "@/lib/timeline/durations";
import { OBLIGATION_STATUS_LABELS } from "@/lib/timeline/obligation-status";
import type { Article33Summary, ReportStats } from "@/lib/timeline/report-defaults";
import { reportScaleRows } from "@/lib/timeline/report-scale";
import { DEFAULT_REPORT_CHOICES, reportTimeline, type ReportTimelineLine } from "@/lib/timeline/report-selection";
import type { TimelineEventView } from "@/lib/timeline/event-view";
import type { ObligationItem } from "../timeline/obligation-list";
import { byline } from "../timeline/timeline-event-item";
import { ReportContactsBlock, type ReportContacts } from "./report-contacts-block";
import { CustomerNoticesTable, type ReportNoticeCampaign } from "./customer-notices-section";
import { ReportSection } from "./report-section";

export type IncidentReportData = {
  generatedAt: string;
  incident: { slug: string; title: string; status: string; summary: string; leakStartedAt: string; awareAt: string };
  stats: ReportStats;
  milestones: { key: TimelineMilestoneName; label: string; at: string | null }[];
  durations: MilestoneDuration[];
  article33Deadline: string;
  regulatorNotifiedAt: string | null;
  obligations: ObligationItem[];
  article33: { summary: Article33Summary; edited: Record<keyof Article33Summary, boolean> };
  contacts: ReportContacts;
  events: TimelineEventView[];
  eventsTruncated: boolean;
  auditHead: { lastId: number; hash: string; mac: string | null } | null;
  /** Set by the close: when it closed and when its personal data is (or was) pseudonymised and erased. */
  retention?: {
    closedAt: string | null;
    pseudonymiseAt: string | null;
    eraseAt: string | null;
    pseudonymisedAt: string | null;
    erasedAt: string | null;
  };
};

/** Inside tables whose heading already says UTC. */
function utc(iso: string): string {
  return formatUtc(iso).replace(/ UTC$/, "");
}

const STATUS_LABEL: Record<string, string> = { open: "Open", contained: "Contained", closed: "Closed" };

function Paragraphs({ text }: { text: string }) {
  return (
    <div className="space-y-2">
      {text.split(/\n{2,}/).map((para, i) => (
        <p key={i} className="whitespace-pre-line">
          {para}
        </p>
      ))}
    </div>
  );
}

function DraftNote({ edited }: { edited: boolean }) {
  if (edited) return null;
  return <span className="ml-2 text-[11px] font-normal text-amber-700 print:hidden">(draft generated from data)</span>;
}

/** The incident report as one printable document: for regulators and the board. */
export function IncidentReport({
  report,
  preparedBy,
  remediation,
  noticeCampaigns = [],
  timeline,
}: {
  report: IncidentReportData;
  preparedBy: string;
  /** The remediation funnel and burn-down (section 3), when given. */
  remediation?: ReactNode;
  /** Customer notices (Article 34), from server/notify. */
  noticeCampaigns?: ReportNoticeCampaign[];
  /** The timeline as the author chose it (reportTimeline); every category, declined requests left out, by default. */
  timeline?: ReportTimelineLine[];
}) {
  const lines = timeline ?? reportTimeline(report.events, DEFAULT_REPORT_CHOICES);
  const customersNotifiedAt = report.milestones.find((m) => m.key === "customers_notified")?.at ?? null;
  const after = remediation ? 1 : 0;
  const { incident, stats, article33, retention } = report;
  const summary = article33.summary;
  const gdpr = report.obligations.find((o) => o.builtIn);
  const numbers = reportScaleRows(stats);
  return (
    <article
      aria-label="Incident report"
      className="mx-auto max-w-4xl rounded-xl border border-slate-200 bg-white px-5 py-6 text-sm leading-6 sm:px-12 sm:py-12 text-slate-800 shadow-sm print:max-w-none print:rounded-none print:border-0 print:p-0 print:text-[10.5pt] print:leading-[1.45] print:shadow-none"
    >
      <header className="border-b-2 border-slate-900 pb-6">
        {/* On a phone the title takes the width and the mark goes under it. */}
        <div className="flex flex-wrap items-start justify-between gap-x-6 gap-y-3">
          <div className="min-w-0 flex-1 basis-64">
            <p className="text-xs font-semibold uppercase tracking-[0.14em] text-slate-500">
              Personal data breach report
            </p>
            <h1 className="mt-2 text-2xl font-semibold leading-tight tracking-tight text-slate-900">
              {incident.title}
            </h1>
          </div>
          <p className="shrink-0 rounded border border-slate-900 px-2 py-0.5 text-[11px] font-semibold uppercase tracking-wider text-slate-900">
            Confidential
          </p>
        </div>
        <dl className="mt-5 flex flex-wrap gap-x-10 gap-y-2 text-xs">
          <div>
            <dt className="text-slate-500">Incident</dt>
            <dd className="font-mono text-slate-900">{incident.slug}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Status</dt>
            <dd className="text-slate-900">{STATUS_LABEL[incident.status] ?? incident.status}</dd>
          </div>
          {retention?.closedAt ? (
            <div data-testid="report-retention">
              <dt className="text-slate-500">Closed · retention</dt>
              <dd className="text-slate-900">
                {formatUtc(retention.closedAt)}
                {retention.pseudonymiseAt
                  ? ` · personal data pseudonymised ${retention.pseudonymisedAt ? "on" : "from"} ${formatUtc(retention.pseudonymisedAt ?? retention.pseudonymiseAt)}`
                  : ""}
                {retention.eraseAt
                  ? ` · erased ${retention.erasedAt ? "on" : "from"} ${formatUtc(retention.erasedAt ?? retention.eraseAt)}`
                  : ""}
              </dd>
            </div>
          ) : null}
          <div>
            <dt className="text-slate-500">Generated</dt>
            <dd className="text-slate-900">{formatUtc(report.generatedAt)}</dd>
          </div>
          <div>
            <dt className="text-slate-500">Prepared by</dt>
            <dd className="text-slate-900">{preparedBy}</dd>
          </div>
        </dl>
        <ReportContactsBlock contacts={report.contacts} />
      </header>

      <div className="pt-8">
        <ReportSection number={1} title="Key dates and durations" note="All times UTC">
          <div className="grid gap-8 sm:grid-cols-2 print:grid-cols-2">
            <table className="w-full text-left text-sm print:text-[10pt]">
              <caption className="sr-only">Milestones</caption>
              <tbody className="divide-y divide-slate-100">
                {report.milestones.map((m) => (
                  <tr key={m.key}>
                    <th scope="row" className="py-1.5 pr-4 font-normal text-slate-600">
                      {m.label}
                    </th>
                    <td
                      className={`whitespace-nowrap py-1.5 text-right tabular-nums ${m.at ? "font-medium text-slate-900" : "text-slate-500"}`}
                    >
                      {m.at ? utc(m.at) : "Not yet"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <table className="w-full text-left text-sm print:text-[10pt]">
              <caption className="sr-only">Durations</caption>
              <tbody className="divide-y divide-slate-100">
                {report.durations.map((d) => (
                  <tr key={d.key}>
                    <th scope="row" className="py-1.5 pr-4 font-normal text-slate-600">
                      {d.label}
                    </th>
                    <td
                      className={`whitespace-nowrap py-1.5 text-right font-medium tabular-nums ${d.ms === null ? "text-slate-500" : "text-slate-900"}`}
                    >
                      {d.ms === null ? "—" : formatMilestoneDuration(d.ms)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {gdpr ? (
            <p className="mt-4 rounded-md bg-slate-50 px-4 py-2.5 text-sm ring-1 ring-inset ring-slate-200 print:bg-white">
              <span className="font-semibold text-slate-900">GDPR Article 33 notification: </span>
              {gdpr.metAt
                ? `made ${formatUtc(gdpr.metAt)}, ${formatHoursMinutes(Date.parse(gdpr.metAt) - Date.parse(incident.awareAt))} after T0 (deadline ${formatUtc(report.article33Deadline)}; ${gdpr.status === "met" ? "within 72 hours" : "late"}).`
                : `not yet made; due ${formatUtc(report.article33Deadline)} (${OBLIGATION_STATUS_LABELS[gdpr.status].toLowerCase()}).`}
            </p>
          ) : null}
        </ReportSection>

        <ReportSection number={2} title="Scale">
          <table className="w-full text-left text-sm print:text-[10pt]">
            <caption className="sr-only">Counts of exposed, matched and remediated accounts</caption>
            <tbody className="divide-y divide-slate-100">
              {numbers.map(([label, value, detail]) => (
                <tr key={label}>
                  <th scope="row" className="py-1.5 pr-4 font-normal text-slate-600">
                    {label}
                  </th>
                  <td className="w-32 py-1.5 text-right text-base font-semibold tabular-nums text-slate-900">
                    {value}
                  </td>
                  <td className="w-40 py-1.5 pl-4 text-xs text-slate-500">{detail ?? ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ReportSection>

        {remediation ? (
          <ReportSection number={3} title="Remediation progress" note="All times UTC">
            {remediation}
          </ReportSection>
        ) : null}

        <ReportSection number={3 + after} title="Article 33(3) summary">
          <div className="space-y-5">
            <dl className="space-y-5">
              <div>
                <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">
                  Nature of the breach
                  <DraftNote edited={article33.edited.natureOfBreach} />
                </dt>
                <dd className="mt-1.5">
                  <Paragraphs text={summary.natureOfBreach} />
                </dd>
              </div>
              <div>
                <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">
                  Categories of personal data concerned
                  <DraftNote edited={article33.edited.dataCategories} />
                </dt>
                <dd className="mt-1.5">
                  <Paragraphs text={summary.dataCategories} />
                </dd>
              </div>
            </dl>
            <dl className="grid grid-cols-2 gap-4">
              <div className="rounded-md bg-slate-50 px-4 py-3 ring-1 ring-inset ring-slate-200 print:bg-white">
                <dt className="text-xs text-slate-500">Approximate number of data subjects</dt>
                <dd className="mt-1 text-xl font-semibold tabular-nums text-slate-900">
                  {formatCount(summary.approxSubjects)}
                </dd>
              </div>
              <div className="rounded-md bg-slate-50 px-4 py-3 ring-1 ring-inset ring-slate-200 print:bg-white">
                <dt className="text-xs text-slate-500">Approximate number of records</dt>
                <dd className="mt-1 text-xl font-semibold tabular-nums text-slate-900">
                  {formatCount(summary.approxRecords)}
                </dd>
              </div>
            </dl>
            <dl className="space-y-5">
              <div>
                <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">
                  Likely consequences
                  <DraftNote edited={article33.edited.likelyConsequences} />
                </dt>
                <dd className="mt-1.5">
                  <Paragraphs text={summary.likelyConsequences} />
                </dd>
              </div>
              <div>
                <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">
                  Measures taken or proposed
                  <DraftNote edited={article33.edited.measuresTaken} />
                </dt>
                <dd className="mt-1.5">
                  <Paragraphs text={summary.measuresTaken} />
                </dd>
              </div>
            </dl>
          </div>
        </ReportSection>

        <ReportSection number={4 + after} title="Notification obligations" note="All times UTC">
          <table className="w-full text-left text-sm print:text-[10pt]">
            <thead className="text-xs text-slate-500">
              <tr>
                <th scope="col" className="pb-1.5 pr-4 font-medium">
                  Obligation
                </th>
                <th scope="col" className="pb-1.5 pr-4 font-medium">
                  Due
                </th>
                <th scope="col" className="pb-1.5 pr-4 font-medium">
                  Status
                </th>
                <th scope="col" className="pb-1.5 font-medium">
                  Met
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 border-t border-slate-200">
              {report.obligations.map((o) => (
                <tr key={o.id} className="align-top">
                  <td className="py-2 pr-4">
                    <span className="font-medium text-slate-900">{o.title}</span>
                    {o.authority ? <span className="block text-xs text-slate-500">{o.authority}</span> : null}
                  </td>
                  <td className="whitespace-nowrap py-2 pr-4 tabular-nums">{utc(o.dueAt)}</td>
                  <td
                    className={`whitespace-nowrap py-2 pr-4 font-medium ${
                      o.status === "overdue"
                        ? "text-red-700"
                        : o.status === "met"
                          ? "text-emerald-700"
                          : "text-slate-900"
                    }`}
                  >
                    {OBLIGATION_STATUS_LABELS[o.status]}
                  </td>
                  <td className="whitespace-nowrap py-2 tabular-nums">{o.metAt ? utc(o.metAt) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ReportSection>

        <ReportSection
          number={5 + after}
          title="Customers notified (Article 34)"
          note="One message per customer, the customer alone in To:"
        >
          <CustomerNoticesTable campaigns={noticeCampaigns} customersNotifiedAt={customersNotifiedAt} />
        </ReportSection>

        <ReportSection
          number={6 + after}
          title="Timeline"
          note={`${formatCount(lines.length)} entries${report.eventsTruncated ? " (first shown; full list in the CSV export)" : ""}`}
        >
          <table className="w-full table-fixed text-left text-sm print:text-[9.5pt]">
            <colgroup>
              <col className="w-36" />
              <col />
            </colgroup>
            <thead className="text-xs text-slate-500">
              <tr>
                <th scope="col" className="pb-1.5 pr-4 font-medium">
                  Time (UTC)
                </th>
                <th scope="col" className="pb-1.5 font-medium">
                  Event
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 border-t border-slate-200">
              {lines.map((e) => (
                <tr key={e.id} className="break-inside-avoid align-top" data-testid="report-event">
                  <td className="py-2 pr-4">
                    <time dateTime={e.occurredAt} className="block whitespace-nowrap tabular-nums text-slate-800">
                      {utc(e.occurredAt)}
                    </time>
                    <span className="text-xs text-slate-500">{CATEGORY_LABELS[e.category]}</span>
                  </td>
                  <td className="py-2">
                    <p className={`font-medium ${e.retracted ? "text-slate-500 line-through" : "text-slate-900"}`}>
                      {e.title}
                    </p>
                    {e.milestone ? (
                      <p className="text-xs font-semibold uppercase tracking-wide text-slate-500">
                        Milestone: {MILESTONE_LABELS[e.milestone]}
                      </p>
                    ) : null}
                    {e.body && !e.retracted ? (
                      <p className="mt-0.5 whitespace-pre-wrap text-slate-600">{e.body}</p>
                    ) : null}
                    {e.retracted ? (
                      <p className="mt-0.5 text-xs text-slate-600">
                        Retracted {formatUtc(e.retracted.at)}
                        {byline(e.retracted.by)}: {e.retracted.reason}
                      </p>
                    ) : null}
                    {e.recordedBy || e.version > 1 ? (
                      <p className="mt-0.5 text-xs text-slate-500">
                        {e.recordedBy ? `Recorded by ${e.recordedBy}` : "Recorded"}
                        {e.version > 1 ? ` · version ${e.version}, last changed${byline(e.lastChangedBy)}` : ""}
                      </p>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ReportSection>
      </div>

      <footer className="mt-10 border-t border-slate-200 pt-3 text-xs text-slate-500">
        Generated by Breachdesk on {formatUtc(report.generatedAt)} from the incident record. Times are in UTC. Edits to
        timeline events are kept as versions; retracted events are shown struck through with the reason.
        {report.auditHead ? (
          <span className="mt-1 block break-all font-mono" data-testid="report-audit-head">
            Audit log head: entry {report.auditHead.lastId}, hash {report.auditHead.hash}, HMAC{" "}
            {report.auditHead.mac ?? "none"}
          </span>
        ) : null}
      </footer>
    </article>
  );
}

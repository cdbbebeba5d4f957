import "server-only";
import { STEP_LABELS, type ErasureCertificate } from "../../lib/evidence/erasure-certificate";
import { formatUtc } from "../../lib/format/dates";
import { formatCount } from "../../lib/format/numbers";
import { ACTION_KIND_LABELS, BULK_STATUS_LABELS } from "../../lib/remediation/actions";
import { CATEGORY_LABELS, MILESTONE_LABELS } from "../../lib/timeline/categories";
import { formatMilestoneDuration } from "../../lib/timeline/durations";
import { OBLIGATION_STATUS_LABELS } from "../../lib/timeline/obligation-status";
import { reportScaleRows } from "../../lib/timeline/report-scale";
import { DEFAULT_REPORT_CHOICES, reportTimeline } from "../../lib/timeline/report-selection";
import type { PackData } from "./gather-pack-data";

// The incident report as a PDF drawn on the server (pdfkit: no browser), from
// the same data the report page shows. Standard PDF fonts (Helvetica), so no
// font files to ship; they cover Western European text.

type Doc = PDFKit.PDFDocument;

const MARGIN = 50;
const GREY = "#475569";
const INK = "#0f172a";

const STATUS_LABEL: Record<string, string> = { open: "Open", contained: "Contained", closed: "Closed" };
const CAMPAIGN_STATUS: Record<string, string> = {
  pending_approval: "awaiting approval",
  running: "sending",
  paused: "paused",
  cancelled: "stopped",
  completed: "finished",
};

const utc = (iso: string | null) => (iso ? formatUtc(iso) : "Not yet");

function heading(doc: Doc, number: number, title: string): void {
  doc.moveDown(1.2);
  if (doc.y > doc.page.height - 140) doc.addPage();
  doc.font("Helvetica-Bold").fontSize(13).fillColor(INK).text(`${number}. ${title}`);
  doc.moveDown(0.4);
}

function row(doc: Doc, label: string, value: string, detail?: string): void {
  // Both columns start at one height: a row never straddles a page break.
  if (doc.y > doc.page.height - MARGIN - 60) doc.addPage();
  const y = doc.y;
  const width = doc.page.width - 2 * MARGIN;
  doc
    .font("Helvetica")
    .fontSize(10)
    .fillColor(GREY)
    .text(label, MARGIN, y, { width: width * 0.55 });
  const after = doc.y;
  doc
    .font("Helvetica-Bold")
    .fillColor(INK)
    .text(detail ? `${value}  (${detail})` : value, MARGIN + width * 0.57, y, { width: width * 0.43 });
  doc.x = MARGIN;
  doc.y = Math.max(after, doc.y) + 2;
}

function paragraph(doc: Doc, label: string, text: string): void {
  doc.font("Helvetica-Bold").fontSize(9).fillColor(GREY).text(label.toUpperCase());
  doc
    .font("Helvetica")
    .fontSize(10)
    .fillColor(INK)
    .text(text || "—");
  doc.moveDown(0.5);
}

function header(doc: Doc, data: PackData): void {
  const { report } = data;
  doc.font("Helvetica-Bold").fontSize(9).fillColor(GREY).text("PERSONAL DATA BREACH REPORT · CONFIDENTIAL");
  doc.font("Helvetica-Bold").fontSize(20).fillColor(INK).text(report.incident.title);
  doc.moveDown(0.5);
  row(doc, "Incident", report.incident.slug);
  row(doc, "Status", STATUS_LABEL[report.incident.status] ?? report.incident.status);
  row(doc, "Generated", formatUtc(report.generatedAt));
  row(doc, "Prepared by", "Breachdesk, for the evidence pack");
  const c = report.contacts;
  if (c.controllerName || c.controllerContact)
    row(doc, "Controller", [c.controllerName, c.controllerContact].filter(Boolean).join(", "));
  if (c.dpoName || c.dpoContact)
    row(doc, "Data protection officer", [c.dpoName, c.dpoContact].filter(Boolean).join(", "));
}

function keyDates(doc: Doc, data: PackData): void {
  const { report } = data;
  heading(doc, 1, "Key dates and durations (UTC)");
  for (const m of report.milestones) row(doc, m.label, utc(m.at));
  doc.moveDown(0.4);
  for (const d of report.durations) row(doc, d.label, d.ms === null ? "—" : formatMilestoneDuration(d.ms));
  const gdpr = report.obligations.find((o) => o.builtIn);
  if (gdpr) {
    doc.moveDown(0.4);
    doc
      .font("Helvetica")
      .fontSize(10)
      .fillColor(INK)
      .text(
        gdpr.metAt
          ? `GDPR Article 33 notification: made ${formatUtc(gdpr.metAt)} (deadline ${formatUtc(report.article33Deadline)}; ${gdpr.status === "met" ? "within 72 hours" : "late"}).`
          : `GDPR Article 33 notification: not yet made; due ${formatUtc(report.article33Deadline)}.`,
      );
  }
}

function scale(doc: Doc, data: PackData): void {
  heading(doc, 2, "Scale");
  for (const [label, value, detail] of reportScaleRows(data.report.stats)) row(doc, label, value, detail);
}

function article33(doc: Doc, data: PackData): void {
  const s = data.report.article33.summary;
  heading(doc, 3, "Article 33(3) summary");
  paragraph(doc, "Nature of the breach", s.natureOfBreach);
  paragraph(doc, "Categories of personal data concerned", s.dataCategories);
  row(doc, "Approximate number of data subjects", formatCount(s.approxSubjects));
  row(doc, "Approximate number of records", formatCount(s.approxRecords));
  doc.moveDown(0.4);
  paragraph(doc, "Likely consequences", s.likelyConsequences);
  paragraph(doc, "Measures taken or proposed", s.measuresTaken);
}

function obligations(doc: Doc, data: PackData): void {
  heading(doc, 4, "Notification obligations (UTC)");
  for (const o of data.report.obligations) {
    row(
      doc,
      `${o.title}${o.authority ? ` (${o.authority})` : ""}`,
      OBLIGATION_STATUS_LABELS[o.status],
      `due ${formatUtc(o.dueAt)}${o.metAt ? `, met ${formatUtc(o.metAt)}` : ""}`,
    );
  }
}

function notices(doc: Doc, data: PackData): void {
  heading(doc, 5, "Customers notified (Article 34)");
  if (data.reportCampaigns.length === 0) {
    doc.font("Helvetica").fontSize(10).fillColor(INK).text("No notice campaign was sent from Breachdesk.");
    return;
  }
  for (const c of data.reportCampaigns) {
    row(
      doc,
      `Notice v${c.templateVersion}, requested ${formatUtc(c.createdAt)}`,
      `${formatCount(c.sent)} of ${formatCount(c.total)} sent`,
      `${CAMPAIGN_STATUS[c.status] ?? c.status}; ${formatCount(c.bounced)} bounced, ${formatCount(c.failed)} failed, ${formatCount(c.inDoubt)} in doubt, ${formatCount(c.cancelled)} cancelled`,
    );
  }
}

function remediation(doc: Doc, data: PackData): void {
  heading(doc, 6, "Remediation actions");
  const bulk = data.bulkActions.filter((b) => b.origin !== "single");
  if (bulk.length === 0) doc.font("Helvetica").fontSize(10).fillColor(INK).text("No bulk action was requested.");
  for (const b of bulk) {
    row(
      doc,
      `${ACTION_KIND_LABELS[b.kind]}, ${formatUtc(b.createdAt)}: ${b.reason}`,
      `${formatCount(b.counts.succeeded)} of ${formatCount(b.counts.total)} done`,
      `${BULK_STATUS_LABELS[b.status].toLowerCase()}; ${formatCount(b.counts.skipped)} skipped, ${formatCount(b.counts.failed)} failed`,
    );
  }
  const single = data.bulkActions.length - bulk.length;
  if (single > 0)
    doc
      .font("Helvetica")
      .fontSize(10)
      .fillColor(GREY)
      .text(`And ${formatCount(single)} single-account actions (bulk-actions.json).`);
}

function timeline(doc: Doc, data: PackData): void {
  const lines = reportTimeline(data.timeline, DEFAULT_REPORT_CHOICES);
  heading(doc, 7, `Timeline (UTC, ${formatCount(lines.length)} entries; every version in timeline.json)`);
  for (const e of lines) {
    if (doc.y > doc.page.height - 100) doc.addPage();
    doc
      .font("Helvetica")
      .fontSize(8.5)
      .fillColor(GREY)
      .text(
        `${formatUtc(e.occurredAt)} · ${CATEGORY_LABELS[e.category]}${e.milestone ? ` · milestone: ${MILESTONE_LABELS[e.milestone]}` : ""}`,
      );
    doc
      .font(e.retracted ? "Helvetica-Oblique" : "Helvetica-Bold")
      .fontSize(10)
      .fillColor(INK)
      .text(e.retracted ? `[retracted] ${e.title}` : e.title);
    if (e.body && !e.retracted) doc.font("Helvetica").fontSize(9.5).fillColor(INK).text(e.body);
    if (e.retracted)
      doc
        .font("Helvetica")
        .fontSize(9)
        .fillColor(GREY)
        .text(`Retracted ${formatUtc(e.retracted.at)}: ${e.retracted.reason}`);
    if (e.version > 1) doc.font("Helvetica").fontSize(8.5).fillColor(GREY).text(`Version ${e.version}`);
    doc.moveDown(0.4);
  }
}

/** The certificate of erasure as a report section (also shown on the report page). */
function certificate(doc: Doc, cert: ErasureCertificate): void {
  heading(doc, 8, "Certificate of erasure");
  doc.font("Helvetica").fontSize(10).fillColor(INK).text(cert.statement);
  doc.moveDown(0.4);
  for (const step of cert.steps) {
    doc.font("Helvetica-Bold").fontSize(10).fillColor(INK).text(STEP_LABELS[step.step]);
    row(doc, "Run", step.runId);
    row(
      doc,
      "Finished",
      formatUtc(step.finishedAt),
      step.startedAt ? `started ${formatUtc(step.startedAt)}` : undefined,
    );
    for (const [table, n] of Object.entries(step.rows)) row(doc, `Rows: ${table}`, formatCount(n));
    row(doc, "Audit head before", step.auditHeadBefore ?? "—");
    row(doc, "Audit head after", step.auditHeadAfter ?? "—");
    doc.moveDown(0.4);
  }
}

function footer(doc: Doc, data: PackData): void {
  doc.moveDown(1.5);
  const head = data.report.auditHead;
  doc
    .font("Helvetica")
    .fontSize(8)
    .fillColor(GREY)
    .text(
      `Generated by Breachdesk on ${formatUtc(data.report.generatedAt)} from the incident record. Edits to timeline events are kept as versions (timeline.json).` +
        (head ? ` Audit log head: entry ${head.lastId}, hash ${head.hash}, HMAC ${head.mac ?? "none"}.` : ""),
    );
}

function numberPages(doc: Doc): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    doc
      .font("Helvetica")
      .fontSize(8)
      .fillColor(GREY)
      .text(
        `Confidential · personal data breach report · page ${i + 1} of ${range.count}`,
        MARGIN,
        doc.page.height - 30,
        {
          width: doc.page.width - 2 * MARGIN,
          align: "center",
          lineBreak: false,
        },
      );
    doc.page.margins.bottom = bottom;
  }
}

export async function renderReportPdf(data: PackData): Promise<Buffer> {
  // Loaded here, not with the module: pdfkit takes about half a second to
  // load, which every CLI command and worker would otherwise pay at start.
  const { default: PDFDocument } = await import("pdfkit");
  const doc = new PDFDocument({
    size: "A4",
    margin: MARGIN,
    bufferPages: true,
    info: {
      Title: `Incident report ${data.report.incident.slug}`,
      Author: "Breachdesk",
      CreationDate: new Date(data.report.generatedAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  header(doc, data);
  keyDates(doc, data);
  scale(doc, data);
  article33(doc, data);
  obligations(doc, data);
  notices(doc, data);
  remediation(doc, data);
  timeline(doc, data);
  if (data.certificate) certificate(doc, data.certificate);
  footer(doc, data);
  numberPages(doc);
  doc.end();
  return await done;
}

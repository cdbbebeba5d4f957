import "server-only";
import type { ErasureCertificate } from "../../lib/evidence/erasure-certificate";
import { addressesIn, redactAddresses } from "../../lib/evidence/redact-addresses";
import type { AuditEntryLine, AuditHeadLine } from "../../lib/evidence/audit-segment";
import { decodeCursor } from "../../lib/timeline/cursor";
import type { Db } from "../db";
import type { IncidentWithStats } from "../incidents/get-incident";
import { listNoticeCampaigns, type NoticeCampaignSummary } from "../notify/get-notice-campaign";
import { buildIncidentReport, type IncidentReport } from "../timeline/build-incident-report";
import { listTimelineEvents } from "../timeline/list-timeline-events";
import type { TimelineEventView } from "../timeline/timeline-event-view";
import { getErasureCertificate } from "./get-erasure-certificate";
import { readIncidentAudit } from "./read-incident-audit";
import { listBulkActionSummaries, type BulkActionSummaryRow } from "./sql/list-bulk-action-summaries";
import { listStaffAddresses } from "./sql/list-staff-addresses";

type BulkActionSummary = {
  id: string;
  kind: BulkActionSummaryRow["kind"];
  origin: BulkActionSummaryRow["origin"];
  status: BulkActionSummaryRow["status"];
  reason: string;
  holdHours: number | null;
  releaseCode: string | null;
  counts: {
    total: number;
    succeeded: number;
    skipped: number;
    failed: number;
    cancelled: number;
    skippedAtRequest: unknown;
  };
  needsApproval: boolean;
  requestedBy: string | null;
  decidedBy: string | null;
  decisionNote: string | null;
  createdAt: string;
  decidedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
};

/** What a pack holds, before it is written out: every text already without customer addresses. */
export type PackData = {
  report: IncidentReport;
  /** The report page's campaigns (rejected and expired ones sent nothing and are left out there too). */
  reportCampaigns: NoticeCampaignSummary[];
  timeline: TimelineEventView[];
  bulkActions: BulkActionSummary[];
  noticeCampaigns: NoticeCampaignSummary[];
  audit: { entries: AuditEntryLine[]; head: AuditHeadLine };
  certificate: ErasureCertificate | null;
};

const iso = (at: Date | string | null) => (at === null ? null : new Date(at).toISOString());

/** Every timeline event with all its versions, oldest first (the report stops at 5,000; the pack does not). */
async function fullTimeline(db: Db, incidentId: string): Promise<TimelineEventView[]> {
  const events: TimelineEventView[] = [];
  let after: string | null = null;
  for (;;) {
    const page = await listTimelineEvents(db, { incidentId, after: decodeCursor(after), limit: 1000 });
    events.push(...page.events);
    if (!page.nextCursor) return events;
    after = page.nextCursor;
  }
}

async function bulkActionSummaries(db: Db, incidentId: string): Promise<BulkActionSummary[]> {
  const rows = await listBulkActionSummaries(db.sql, incidentId);
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    origin: row.origin,
    status: row.status,
    reason: row.reason,
    holdHours: row.hold_hours,
    releaseCode: row.release_code,
    counts: {
      total: row.total,
      succeeded: row.succeeded,
      skipped: row.skipped,
      failed: row.failed,
      cancelled: row.cancelled,
      skippedAtRequest: row.skipped_at_request,
    },
    needsApproval: row.needs_approval,
    requestedBy: row.requested_by,
    decidedBy: row.decided_by,
    decisionNote: row.decision_note,
    createdAt: iso(row.created_at)!,
    decidedAt: iso(row.decided_at),
    startedAt: iso(row.started_at),
    finishedAt: iso(row.finished_at),
  }));
}

/**
 * Reads what the pack holds with the loaders the report page uses
 * (buildIncidentReport, listNoticeCampaigns), so the pack's numbers are the
 * page's, then takes every customer address out of the free text. The audit
 * segment is left as stored (its hashes cover it; entries never carry
 * customers' addresses).
 */
export async function gatherPackData(db: Db, incident: IncidentWithStats, now: Date): Promise<PackData> {
  const [report, campaigns, timeline, bulkActions, certificate, staff] = await Promise.all([
    buildIncidentReport(db, incident, now),
    listNoticeCampaigns(db, incident.id, 10_000),
    fullTimeline(db, incident.id),
    bulkActionSummaries(db, incident.id),
    getErasureCertificate(db, incident, now),
    listStaffAddresses(db.sql),
  ]);
  const audit = await readIncidentAudit(db.sql, incident.id);
  const contacts = [report.contacts.controllerContact, report.contacts.dpoContact].flatMap((c) =>
    c ? addressesIn(c) : [],
  );
  const keep = new Set([...staff, ...contacts]);
  return {
    report: redactAddresses(report, keep),
    reportCampaigns: redactAddresses(
      campaigns.filter((c) => c.status !== "rejected" && c.status !== "expired"),
      keep,
    ),
    timeline: redactAddresses(timeline, keep),
    bulkActions: redactAddresses(bulkActions, keep),
    noticeCampaigns: redactAddresses(campaigns, keep),
    audit,
    certificate,
  };
}

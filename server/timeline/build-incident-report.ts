import { MILESTONE_LABELS, TIMELINE_MILESTONES, type TimelineMilestoneName } from "../../lib/timeline/categories";
import { article33Deadline } from "../../lib/timeline/clock";
import { milestoneDurations, type MilestoneDuration } from "../../lib/timeline/durations";
import type { ReportStats } from "../../lib/timeline/report-defaults";
import type { Db } from "../db";
import { getMilestoneTimes } from "./get-milestones";
import { listTimelineEvents } from "./list-timeline-events";
import { listObligations, type ObligationView } from "./obligations/list-obligations";
import { EMPTY_STATS, getArticle33Summary, type Article33SummaryView } from "./report/article-33-summary";
import type { TimelineEventView } from "./timeline-event-view";
import { decodeCursor } from "../../lib/timeline/cursor";
import { readSignedAuditHead, type SignedAuditHead } from "../audit/log-audit-head";
import { getReportContacts, type ReportContacts } from "./report/report-contacts";

/** A printed report stays readable; past this many events it points to the CSV export. */
const REPORT_EVENT_LIMIT = 5_000;

export type IncidentReport = {
  generatedAt: string;
  incident: {
    slug: string;
    title: string;
    status: string;
    summary: string;
    leakStartedAt: string;
    awareAt: string;
  };
  stats: ReportStats;
  milestones: { key: TimelineMilestoneName; label: string; at: string | null }[];
  durations: MilestoneDuration[];
  article33Deadline: string;
  regulatorNotifiedAt: string | null;
  obligations: ObligationView[];
  article33: Article33SummaryView;
  /** The controller and its contact point (GDPR Art. 33(3)(b)), as set for this incident. */
  contacts: ReportContacts;
  events: TimelineEventView[];
  eventsTruncated: boolean;
  /** The audit chain's head when the report was made, with its HMAC: a printed report pins the history. */
  auditHead: SignedAuditHead | null;
  /** When the incident closed and the retention schedule its close set (all null while it is open). */
  retention: {
    closedAt: string | null;
    pseudonymiseAt: string | null;
    eraseAt: string | null;
    pseudonymisedAt: string | null;
    erasedAt: string | null;
  };
};

type ReportIncident = {
  id: string;
  slug: string;
  title: string;
  status: string;
  summary: string;
  leakStartedAt: Date;
  awareAt: Date;
  stats: ReportStats | null;
  closedAt?: Date | null;
  pseudonymiseAt?: Date | null;
  eraseAt?: Date | null;
  pseudonymisedAt?: Date | null;
  erasedAt?: Date | null;
};

const isoOrNull = (d: Date | null | undefined) => d?.toISOString() ?? null;

/** Everything the incident report shows, gathered in one place for the page (and its print). */
export async function buildIncidentReport(db: Db, incident: ReportIncident, now = new Date()): Promise<IncidentReport> {
  const milestones = await getMilestoneTimes(db, incident);
  const [obligations, article33, auditHead, contacts] = await Promise.all([
    listObligations(db, incident, milestones, now),
    getArticle33Summary(db, incident, milestones),
    readSignedAuditHead(db.sql),
    getReportContacts(db, incident.id),
  ]);
  const events: TimelineEventView[] = [];
  let after: string | null = null;
  let truncated = false;
  for (;;) {
    const page = await listTimelineEvents(db, {
      incidentId: incident.id,
      after: decodeCursor(after),
      limit: 1000,
    });
    events.push(...page.events);
    if (events.length >= REPORT_EVENT_LIMIT) {
      truncated = events.length > REPORT_EVENT_LIMIT || page.nextCursor !== null;
      events.length = Math.min(events.length, REPORT_EVENT_LIMIT);
      break;
    }
    if (!page.nextCursor) break;
    after = page.nextCursor;
  }
  return {
    generatedAt: now.toISOString(),
    incident: {
      slug: incident.slug,
      title: incident.title,
      status: incident.status,
      summary: incident.summary,
      leakStartedAt: incident.leakStartedAt.toISOString(),
      awareAt: incident.awareAt.toISOString(),
    },
    stats: incident.stats ?? EMPTY_STATS,
    milestones: TIMELINE_MILESTONES.map((key) => ({
      key,
      label: MILESTONE_LABELS[key],
      at: milestones[key]?.toISOString() ?? null,
    })),
    durations: milestoneDurations(milestones),
    article33Deadline: article33Deadline(incident.awareAt).toISOString(),
    regulatorNotifiedAt: milestones.regulator_notified?.toISOString() ?? null,
    obligations,
    article33,
    contacts,
    events,
    eventsTruncated: truncated,
    auditHead,
    retention: {
      closedAt: isoOrNull(incident.closedAt),
      pseudonymiseAt: isoOrNull(incident.pseudonymiseAt),
      eraseAt: isoOrNull(incident.eraseAt),
      pseudonymisedAt: isoOrNull(incident.pseudonymisedAt),
      erasedAt: isoOrNull(incident.erasedAt),
    },
  };
}

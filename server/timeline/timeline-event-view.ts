import type { TimelineCategoryName, TimelineMilestoneName, TimelineSourceName } from "../../lib/timeline/categories";
import type { TimelineEventView, TimelineVersionView } from "../../lib/timeline/event-view";

export type { TimelineEventView,  };

export const TIMELINE_EVENT_INCLUDE = {
  versions: { orderBy: { version: "desc" }, include: { recordedBy: { select: { name: true } } } },
  retractedBy: { select: { name: true } },
  apiToken: { select: { name: true } },
} as const;

type EventRow = {
  id: string;
  occurredAt: Date;
  timeZone: string;
  category: TimelineCategoryName;
  milestone: TimelineMilestoneName | null;
  source: TimelineSourceName;
  externalId: string | null;
  currentVersion: number;
  retractedAt: Date | null;
  retractedReason: string | null;
  retractedBy: { name: string } | null;
  apiToken: { name: string } | null;
  versions: {
    version: number;
    title: string;
    body: string;
    evidenceLinks: string[];
    occurredAt: Date | null;
    timeZone: string | null;
    category: TimelineCategoryName | null;
    milestone: TimelineMilestoneName | null;
    changeNote: string | null;
    recordedAt: Date;
    recordedBy: { name: string } | null;
  }[];
};

// Who wrote a version: a staff member, or Breachdesk itself, or an external
// system through its API token.
function author(row: EventRow, recordedBy: { name: string } | null, version: number): string | null {
  if (recordedBy) {
    return version === 1 && row.source === "system" ? `Breachdesk (run by ${recordedBy.name})` : recordedBy.name;
  }
  if (version === 1 && row.source === "system") return "Breachdesk";
  if (version === 1 && row.source === "api") return `API: ${row.apiToken?.name ?? "revoked token"}`;
  return null;
}

export function toTimelineEventView(row: EventRow): TimelineEventView {
  const versions = row.versions.map<TimelineVersionView>((v) => ({
    version: v.version,
    title: v.title,
    body: v.body,
    evidenceLinks: v.evidenceLinks,
    occurredAt: v.occurredAt?.toISOString() ?? null,
    timeZone: v.timeZone,
    category: v.category,
    milestone: v.milestone,
    changeNote: v.changeNote,
    recordedAt: v.recordedAt.toISOString(),
    recordedBy: author(row, v.recordedBy, v.version),
  }));
  const current = versions[0];
  const first = versions.at(-1);
  return {
    id: row.id,
    occurredAt: row.occurredAt.toISOString(),
    timeZone: row.timeZone,
    category: row.category,
    milestone: row.milestone,
    source: row.source,
    externalId: row.externalId,
    title: current?.title ?? "(no text)",
    body: current?.body ?? "",
    evidenceLinks: current?.evidenceLinks ?? [],
    version: row.currentVersion,
    recordedAt: first?.recordedAt ?? row.occurredAt.toISOString(),
    recordedBy: first?.recordedBy ?? null,
    retracted: row.retractedAt
      ? {
          at: row.retractedAt.toISOString(),
          by: row.retractedBy?.name ?? null,
          reason: row.retractedReason ?? "",
        }
      : null,
    versions,
  };
}

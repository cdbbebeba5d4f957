import { toCsvRow } from "../../lib/csv/escape";
import { MILESTONE_LABELS, type TimelineCategoryName } from "../../lib/timeline/categories";
import { decodeCursor } from "../../lib/timeline/cursor";
import { formatInZone } from "../../lib/timeline/zoned-time";
import type { Db } from "../db";
import { listTimelineEvents } from "./list-timeline-events";

const TIMELINE_CSV_HEADER = [
  "event_id",
  "occurred_at_utc",
  "time_zone",
  "occurred_at_local",
  "category",
  "milestone",
  "title",
  "body",
  "evidence_links",
  "source",
  "recorded_by",
  "recorded_at_utc",
  "version",
  "last_changed_by",
  "last_changed_at_utc",
  "change_note",
  "retracted_at_utc",
  "retracted_by",
  "retracted_reason",
] as const;

/**
 * The incident's timeline as CSV, a page of events at a time, so that a
 * long timeline streams instead of being built in memory. Every cell goes
 * through the formula-injection escaping.
 */
export async function* exportTimelineCsv(
  db: Db,
  incidentId: string,
  categories: readonly TimelineCategoryName[] = [],
): AsyncGenerator<string> {
  yield toCsvRow(TIMELINE_CSV_HEADER);
  let after: string | null = null;
  for (;;) {
    const page = await listTimelineEvents(db, {
      incidentId,
      categories: [...categories],
      after: decodeCursor(after),
      limit: 500,
    });
    let chunk = "";
    for (const e of page.events) {
      const latest = e.versions[0];
      chunk += toCsvRow([
        e.id,
        e.occurredAt,
        e.timeZone,
        formatInZone(new Date(e.occurredAt), e.timeZone),
        e.category,
        e.milestone ? MILESTONE_LABELS[e.milestone] : "",
        e.title,
        e.body,
        e.evidenceLinks.join(" "),
        e.source,
        e.recordedBy,
        e.recordedAt,
        e.version,
        e.version > 1 ? latest?.recordedBy : "",
        e.version > 1 ? latest?.recordedAt : "",
        e.version > 1 ? latest?.changeNote : "",
        e.retracted?.at,
        e.retracted?.by,
        e.retracted?.reason,
      ]);
    }
    if (chunk) yield chunk;
    if (!page.nextCursor) return;
    after = page.nextCursor;
  }
}

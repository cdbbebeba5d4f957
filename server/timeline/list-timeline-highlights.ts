import type { TimelineCategoryName, TimelineMilestoneName } from "../../lib/timeline/categories";
import type { Db } from "../db";
import { preparedSql } from "../db/driver";

export type TimelineHighlight = {
  id: string;
  occurredAt: Date;
  category: TimelineCategoryName;
  milestone: TimelineMilestoneName | null;
  title: string;
  retracted: boolean;
};

const TIMELINE_HIGHLIGHTS = preparedSql(
  "timeline-highlights",
  `SELECT e.id::text AS id, e.occurred_at, e.category::text AS category, e.milestone::text AS milestone,
            v.title, e.retracted_at IS NOT NULL AS retracted
       FROM timeline_events e
       LEFT JOIN LATERAL (
         SELECT title FROM timeline_event_versions WHERE event_id = e.id ORDER BY version DESC LIMIT 1
       ) v ON true
      WHERE e.incident_id = $1::uuid
      ORDER BY e.occurred_at, e.id
      LIMIT $2`,
);

/**
 * The incident's first events with their current titles, oldest first: what
 * the overview shows. One query, where the timeline page's listTimelineEvents
 * loads every version and author of each event (the overview needs none).
 */
export async function listTimelineHighlights(
  db: Pick<Db, "sql">,
  incidentId: string,
  limit: number,
): Promise<TimelineHighlight[]> {
  const rows = await db.sql.query<{
    id: string;
    occurred_at: Date | string;
    category: TimelineCategoryName;
    milestone: TimelineMilestoneName | null;
    title: string | null;
    retracted: boolean;
  }>(TIMELINE_HIGHLIGHTS, [incidentId, limit]);
  return rows.map((row) => ({
    id: row.id,
    occurredAt: new Date(row.occurred_at),
    category: row.category,
    milestone: row.milestone,
    title: row.title ?? "(no text)",
    retracted: row.retracted,
  }));
}

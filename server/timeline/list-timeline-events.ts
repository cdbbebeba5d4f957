import { z } from "zod";
import { TIMELINE_CATEGORIES } from "../../lib/timeline/categories";
import { encodeCursor, type TimelineCursor } from "../../lib/timeline/cursor";
import type { Db } from "../db";
import { TIMELINE_EVENT_INCLUDE, toTimelineEventView, type TimelineEventView } from "./timeline-event-view";

export const ListTimelineEventsInput = z.object({
  incidentId: z.uuid(),
  categories: z.array(z.enum(TIMELINE_CATEGORIES)).default([]),
  after: z.custom<TimelineCursor>().nullish(),
  before: z.custom<TimelineCursor>().nullish(),
  limit: z.number().int().min(1).max(1000).default(50),
});
export type ListTimelineEventsInput = z.input<typeof ListTimelineEventsInput>;

export type TimelinePage = {
  events: TimelineEventView[];
  /** Cursor for the page after this one, if there is one. */
  nextCursor: string | null;
  /** Cursor for the page before this one, if there is one. */
  prevCursor: string | null;
};

/**
 * One page of the incident's timeline in time order (oldest first), current
 * version of each event plus its history. Keyset paging on (occurred_at, id)
 * with the (incident_id, occurred_at, id) index: page 200 costs what page 1
 * does. `before` pages backwards from a cursor.
 */
export async function listTimelineEvents(db: Db, input: ListTimelineEventsInput): Promise<TimelinePage> {
  const data = ListTimelineEventsInput.parse(input);
  const backwards = !data.after && !!data.before;
  const cursor = data.after ?? data.before ?? null;
  const rows = await db.prisma.timelineEvent.findMany({
    where: {
      incidentId: data.incidentId,
      ...(data.categories.length > 0 ? { category: { in: data.categories } } : {}),
      ...(cursor
        ? backwards
          ? {
              OR: [{ occurredAt: { lt: cursor.occurredAt } }, { occurredAt: cursor.occurredAt, id: { lt: cursor.id } }],
            }
          : {
              OR: [{ occurredAt: { gt: cursor.occurredAt } }, { occurredAt: cursor.occurredAt, id: { gt: cursor.id } }],
            }
        : {}),
    },
    orderBy: backwards ? [{ occurredAt: "desc" }, { id: "desc" }] : [{ occurredAt: "asc" }, { id: "asc" }],
    take: data.limit + 1,
    include: TIMELINE_EVENT_INCLUDE,
  });
  const more = rows.length > data.limit;
  const page = rows.slice(0, data.limit);
  if (backwards) page.reverse();
  const first = page[0];
  const last = page.at(-1);
  const cursorOf = (row: { occurredAt: Date; id: string }) => encodeCursor({ occurredAt: row.occurredAt, id: row.id });
  return {
    events: page.map(toTimelineEventView),
    nextCursor: last && (backwards ? !!cursor : more) ? cursorOf(last) : null,
    prevCursor: first && (backwards ? more : !!cursor) ? cursorOf(first) : null,
  };
}

/** How many events the filter matches, for the page's heading. */
export async function countTimelineEvents(db: Db, incidentId: string, categories: readonly string[] = []) {
  const valid = categories.filter((c): c is (typeof TIMELINE_CATEGORIES)[number] =>
    (TIMELINE_CATEGORIES as readonly string[]).includes(c),
  );
  return db.prisma.timelineEvent.count({
    where: { incidentId, ...(valid.length > 0 ? { category: { in: valid } } : {}) },
  });
}

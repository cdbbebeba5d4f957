import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { TIMELINE_CATEGORIES } from "../../lib/timeline/categories";
import { decodeCursor } from "../../lib/timeline/cursor";
import { countTimelineEvents, listTimelineEvents } from "./list-timeline-events";
import { listTimelineHighlights } from "./list-timeline-highlights";
import { createTestIncident } from "./test-fixtures";

const EVENTS = 2_500;

describe.each(testDbKinds())("listTimelineEvents on %s", (kind) => {
  let db: TestDb;
  let incidentId: string;
  let expected: { id: string; at: number; category: string }[];

  beforeAll(async () => {
    db = await openTestDb(kind);
    incidentId = (await createTestIncident(db)).id;
    // Many events share a timestamp, so that paging must break ties by id.
    expected = Array.from({ length: EVENTS }, (_, i) => ({
      id: randomUUID(),
      at: Date.parse("2019-11-07T09:00:00Z") + Math.floor(i / 7) * 60_000,
      category: TIMELINE_CATEGORIES[i % TIMELINE_CATEGORIES.length]!,
    }));
    await db.sql.query(
      `INSERT INTO timeline_events (id, incident_id, occurred_at, category, source)
       SELECT u.id, $1, u.at, u.category::"TimelineCategory", 'system'
         FROM unnest($2::uuid[], $3::timestamptz[], $4::text[]) AS u(id, at, category)`,
      [
        incidentId,
        expected.map((e) => e.id),
        expected.map((e) => new Date(e.at).toISOString()),
        expected.map((e) => e.category),
      ],
    );
    await db.sql.query(
      `INSERT INTO timeline_event_versions (event_id, version, title) SELECT id, 1, 'Event ' || id FROM timeline_events WHERE incident_id = $1`,
      [incidentId],
    );
    expected.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
    // Another incident's events never show.
    const other = await createTestIncident(db);
    await db.sql.query(
      `INSERT INTO timeline_events (id, incident_id, occurred_at, category) VALUES ($1, $2, '2019-11-07T10:00:00Z', 'detection')`,
      [randomUUID(), other.id],
    );
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("pages forward through every event exactly once, in time order", async () => {
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await listTimelineEvents(db, { incidentId, after: decodeCursor(after), limit: 100 });
      seen.push(...page.events.map((e) => e.id));
      expect(page.prevCursor === null).toBe(pages === 0);
      after = page.nextCursor;
      pages += 1;
    } while (after);
    expect(pages).toBe(25);
    expect(seen).toEqual(expected.map((e) => e.id));
  });

  it("pages backwards from a cursor to the same events", async () => {
    const forward = await listTimelineEvents(db, { incidentId, limit: 100 });
    const second = await listTimelineEvents(db, { incidentId, after: decodeCursor(forward.nextCursor), limit: 100 });
    const back = await listTimelineEvents(db, { incidentId, before: decodeCursor(second.prevCursor), limit: 100 });
    expect(back.events.map((e) => e.id)).toEqual(forward.events.map((e) => e.id));
    expect(back.prevCursor).toBeNull();
    expect(back.nextCursor).not.toBeNull();
  });

  it("filters by category and counts what it filters", async () => {
    const page = await listTimelineEvents(db, { incidentId, categories: ["containment", "external"], limit: 1000 });
    const wanted = expected.filter((e) => e.category === "containment" || e.category === "external");
    expect(page.events.map((e) => e.id)).toEqual(wanted.slice(0, 1000).map((e) => e.id));
    expect(await countTimelineEvents(db, incidentId, ["containment", "external"])).toBe(wanted.length);
    expect(await countTimelineEvents(db, incidentId)).toBe(EVENTS);
  });
  it("the overview's highlights are the first events as the timeline shows them: current title, retraction", async () => {
    const [edited, retracted] = [expected[1]!.id, expected[2]!.id];
    await db.sql.query(
      `INSERT INTO timeline_event_versions (event_id, version, title) VALUES ($1, 2, 'Edited title')`,
      [edited],
    );
    await db.sql.query(`UPDATE timeline_events SET current_version = 2 WHERE id = $1`, [edited]);
    await db.sql.query(`UPDATE timeline_events SET retracted_at = now(), retracted_reason = 'wrong' WHERE id = $1`, [retracted]);

    const highlights = await listTimelineHighlights(db, incidentId, 12);
    const { events } = await listTimelineEvents(db, { incidentId, limit: 12 });
    expect(highlights).toEqual(
      events.map((e) => ({
        id: e.id,
        occurredAt: new Date(e.occurredAt),
        category: e.category,
        milestone: e.milestone,
        title: e.title,
        retracted: e.retracted !== null,
      })),
    );
    expect(highlights[1]).toMatchObject({ id: edited, title: "Edited title" });
    expect(highlights[2]).toMatchObject({ id: retracted, retracted: true });
  });
});

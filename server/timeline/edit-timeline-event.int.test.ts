import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { editTimelineEvent } from "./edit-timeline-event";
import { listTimelineEvents } from "./list-timeline-events";
import { recordTimelineEvent } from "./record-timeline-event";
import { retractTimelineEvent } from "./retract-timeline-event";
import { createTestIncident, createTestStaff } from "./test-fixtures";

describe.each(testDbKinds())("editing and retracting timeline events on %s", (kind) => {
  let db: TestDb;
  let incidentId: string;
  let alice: Awaited<ReturnType<typeof createTestStaff>>;
  let bob: Awaited<ReturnType<typeof createTestStaff>>;

  beforeAll(async () => {
    db = await openTestDb(kind);
    incidentId = (await createTestIncident(db)).id;
    alice = await createTestStaff(db, "Alice Analyst");
    bob = await createTestStaff(db, "Bob Admin");
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  async function record(title: string) {
    return recordTimelineEvent(
      db.prisma,
      {
        incidentId,
        occurredAt: "2019-11-07T13:00:00Z",
        timeZone: "Europe/London",
        category: "communication",
        source: "manual",
        title,
        body: "First draft.",
      },
      alice,
    );
  }

  it("adds a version and keeps the old text, time and category readable and audited", async () => {
    const event = await record("Statment published");
    const result = await editTimelineEvent(
      db,
      {
        incidentId,
        eventId: event.id,
        expectedVersion: 1,
        title: "Statement published",
        body: "Blog and social media.",
        occurredAt: "2019-11-07T13:05:00Z",
        timeZone: "Europe/London",
        category: "communication",
        milestone: "customers_notified",
        changeNote: "Typo; time from the CMS log",
      },
      bob,
    );
    expect(result).toEqual({ changed: true, version: 2 });

    const view = (await listTimelineEvents(db, { incidentId })).events.find((e) => e.id === event.id)!;
    expect(view).toMatchObject({
      title: "Statement published",
      version: 2,
      milestone: "customers_notified",
      occurredAt: "2019-11-07T13:05:00.000Z",
      recordedBy: "Alice Analyst",
    });
    expect(view.versions.map((v) => [v.version, v.title, v.recordedBy, v.occurredAt, v.milestone])).toEqual([
      [2, "Statement published", "Bob Admin", "2019-11-07T13:05:00.000Z", "customers_notified"],
      [1, "Statment published", "Alice Analyst", "2019-11-07T13:00:00.000Z", null],
    ]);
    expect(view.versions[0]!.changeNote).toBe("Typo; time from the CMS log");
    expect(await db.prisma.timelineEventVersion.count({ where: { eventId: event.id } })).toBe(2);

    const audit = await db.prisma.auditLog.findFirst({
      where: { targetId: event.id, action: "timeline.event_edited" },
    });
    expect(audit?.actorId).toBe(bob.id);
    expect(audit?.detail).toMatchObject({
      fromVersion: 1,
      toVersion: 2,
      changed: ["title", "body", "occurredAt", "milestone"],
      before: { title: "Statment published", occurredAt: "2019-11-07T13:00:00.000Z", milestone: null },
    });
  });

  it("refuses an edit made on a stale version, so nobody overwrites a newer correction", async () => {
    const event = await record("Original");
    const edit = {
      incidentId,
      eventId: event.id,
      expectedVersion: 1,
      body: "",
      occurredAt: "2019-11-07T13:00:00Z",
      timeZone: "Europe/London",
      category: "communication" as const,
      changeNote: "fix",
    };
    await editTimelineEvent(db, { ...edit, title: "First correction" }, alice);
    await expect(editTimelineEvent(db, { ...edit, title: "Second correction" }, bob)).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const versions = await db.prisma.timelineEventVersion.findMany({ where: { eventId: event.id } });
    expect(versions.map((v) => v.title).sort()).toEqual(["First correction", "Original"]);
  });

  it("writes no version when nothing changed, and requires a reason", async () => {
    const event = await record("Unchanged");
    const same = {
      incidentId,
      eventId: event.id,
      expectedVersion: 1,
      title: "Unchanged",
      body: "First draft.",
      occurredAt: "2019-11-07T13:00:00Z",
      timeZone: "Europe/London",
      category: "communication" as const,
      changeNote: "no-op",
    };
    expect(await editTimelineEvent(db, same, alice)).toEqual({ changed: false, version: 1 });
    await expect(editTimelineEvent(db, { ...same, title: "New", changeNote: " " }, alice)).rejects.toThrow("Say why");
  });

  it("fills in the time and category of versions written before versions kept them", async () => {
    const event = await record("Seeded");
    await db.sql.query(
      `UPDATE timeline_event_versions SET occurred_at = NULL, time_zone = NULL, category = NULL WHERE event_id = $1`,
      [event.id],
    );
    await editTimelineEvent(
      db,
      {
        incidentId,
        eventId: event.id,
        expectedVersion: 1,
        title: "Seeded",
        body: "First draft.",
        occurredAt: "2019-11-07T14:00:00Z",
        timeZone: "UTC",
        category: "external",
        changeNote: "Reclassified",
      },
      alice,
    );
    const first = await db.prisma.timelineEventVersion.findFirst({ where: { eventId: event.id, version: 1 } });
    expect(first).toMatchObject({ timeZone: "Europe/London", category: "communication" });
    expect(first?.occurredAt?.toISOString()).toBe("2019-11-07T13:00:00.000Z");
  });

  it("retracts without deleting: the event stays, flagged with reason, who and when, and audited", async () => {
    const event = await record("Wrong incident");
    const before = await db.prisma.timelineEvent.count();
    await retractTimelineEvent(db, { incidentId, eventId: event.id, reason: "Belongs to another incident" }, bob);
    expect(await db.prisma.timelineEvent.count()).toBe(before);
    expect(await db.prisma.timelineEventVersion.count({ where: { eventId: event.id } })).toBe(1);

    const view = (await listTimelineEvents(db, { incidentId })).events.find((e) => e.id === event.id)!;
    expect(view.retracted).toMatchObject({ by: "Bob Admin", reason: "Belongs to another incident" });
    expect(view.title).toBe("Wrong incident");
    const audit = await db.prisma.auditLog.findFirst({
      where: { targetId: event.id, action: "timeline.event_retracted" },
    });
    expect(audit).toMatchObject({ actorId: bob.id, detail: { reason: "Belongs to another incident" } });

    await expect(
      retractTimelineEvent(db, { incidentId, eventId: event.id, reason: "again" }, bob),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      editTimelineEvent(
        db,
        {
          incidentId,
          eventId: event.id,
          expectedVersion: 1,
          title: "x",
          occurredAt: new Date(),
          timeZone: "UTC",
          category: "external",
          changeNote: "x",
        },
        bob,
      ),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("scopes edits and retractions to the incident", async () => {
    const event = await record("Mine");
    const other = await createTestIncident(db);
    await expect(
      retractTimelineEvent(db, { incidentId: other.id, eventId: event.id, reason: "x" }, bob),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(
      editTimelineEvent(
        db,
        {
          incidentId: other.id,
          eventId: event.id,
          expectedVersion: 1,
          title: "Hijacked",
          occurredAt: new Date(),
          timeZone: "UTC",
          category: "external",
          changeNote: "x",
        },
        bob,
      ),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});

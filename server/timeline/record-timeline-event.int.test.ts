import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { prismaErrorCode } from "../errors";
import { listTimelineEvents } from "./list-timeline-events";
import { recordTimelineEvent } from "./record-timeline-event";
import { createTestIncident, createTestStaff } from "./test-fixtures";

describe.each(testDbKinds())("recordTimelineEvent on %s", (kind) => {
  let db: TestDb;
  let incidentId: string;
  let analyst: Awaited<ReturnType<typeof createTestStaff>>;

  beforeAll(async () => {
    db = await openTestDb(kind);
    incidentId = (await createTestIncident(db)).id;
    analyst = await createTestStaff(db);
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("records a staff member's event as version 1, with its time, zone and category, and audits it", async () => {
    const event = await recordTimelineEvent(
      db.prisma,
      {
        incidentId,
        occurredAt: "2019-11-07T09:40:00Z",
        timeZone: "Europe/London",
        category: "containment",
        milestone: "contained",
        source: "manual",
        title: "Bulk mailer job disabled",
        evidenceLinks: ["https://tickets.example.com/INC-1"],
      },
      analyst,
    );
    const versions = await db.prisma.timelineEventVersion.findMany({ where: { eventId: event.id } });
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({
      version: 1,
      title: "Bulk mailer job disabled",
      recordedById: analyst.id,
      timeZone: "Europe/London",
      category: "containment",
      milestone: "contained",
      evidenceLinks: ["https://tickets.example.com/INC-1"],
    });
    expect(versions[0]!.occurredAt?.toISOString()).toBe("2019-11-07T09:40:00.000Z");
    const audit = await db.prisma.auditLog.findFirst({ where: { targetId: event.id } });
    expect(audit).toMatchObject({ action: "timeline.event_recorded", actorId: analyst.id, incidentId });
  });

  it("records Breachdesk's own events with source system, shown as recorded by Breachdesk", async () => {
    const event = await recordTimelineEvent(
      db.prisma,
      {
        incidentId,
        occurredAt: "2019-11-07T11:00:00Z",
        category: "detection",
        source: "system",
        title: "Import finished: 23,000 recipients, 22,650 matched",
      },
      null,
    );
    const page = await listTimelineEvents(db, { incidentId });
    const view = page.events.find((e) => e.id === event.id);
    expect(view).toMatchObject({ source: "system", recordedBy: "Breachdesk", timeZone: "UTC", version: 1 });
    const audit = await db.prisma.auditLog.findFirst({ where: { targetId: event.id } });
    expect(audit).toMatchObject({ actorId: null, detail: expect.objectContaining({ source: "system" }) });
  });

  it("is part of the caller's transaction: a rolled-back import leaves no event behind", async () => {
    const before = await db.prisma.timelineEvent.count({ where: { incidentId } });
    await expect(
      db.prisma.$transaction(async (tx) => {
        await recordTimelineEvent(
          tx,
          { incidentId, occurredAt: new Date(), category: "detection", source: "system", title: "Import finished" },
          analyst,
        );
        throw new Error("import failed after the event");
      }),
    ).rejects.toThrow("import failed");
    expect(await db.prisma.timelineEvent.count({ where: { incidentId } })).toBe(before);
    expect(await db.prisma.auditLog.count({ where: { detail: { path: ["title"], equals: "Import finished" } } })).toBe(
      0,
    );
  });

  it("refuses links that are not web URLs, unknown zones and empty titles", async () => {
    const base = { incidentId, occurredAt: new Date(), category: "external" as const, source: "manual" as const };
    await expect(
      recordTimelineEvent(db.prisma, { ...base, title: "x", evidenceLinks: ["javascript:alert(1)"] }, analyst),
    ).rejects.toThrow("http(s)");
    await expect(
      recordTimelineEvent(db.prisma, { ...base, title: "x", timeZone: "Mars/Base" }, analyst),
    ).rejects.toThrow("IANA");
    await expect(recordTimelineEvent(db.prisma, { ...base, title: "   " }, analyst)).rejects.toThrow("title");
  });

  it("keeps external ids unique per incident (the API's idempotency)", async () => {
    const input = {
      incidentId,
      occurredAt: new Date(),
      category: "external" as const,
      source: "api" as const,
      title: "From the SIEM",
      externalId: "siem-42",
    };
    await recordTimelineEvent(db.prisma, input, null);
    const error = await recordTimelineEvent(db.prisma, input, null).catch((e: unknown) => e);
    expect(prismaErrorCode(error)).toBe("P2002");
    const other = await createTestIncident(db);
    await expect(recordTimelineEvent(db.prisma, { ...input, incidentId: other.id }, null)).resolves.toBeTruthy();
  });
});

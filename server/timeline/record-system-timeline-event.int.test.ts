import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { recordSystemTimelineEvent } from "./record-timeline-event";
import { createTestIncident } from "./test-fixtures";

describe.each(testDbKinds())("recordSystemTimelineEvent on %s", (kind) => {
  let db: TestDb;
  let incidentId: string;

  beforeAll(async () => {
    db = await openTestDb(kind);
    incidentId = (await createTestIncident(db)).id;
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  const milestone = {
    occurredAt: "2019-11-08T10:00:00Z",
    category: "communication" as const,
    milestone: "customers_notified" as const,
    source: "system" as const,
    title: "Customers notified (3 customers)",
    body: "Sent 3.",
    externalId: "notice-campaign:test:finished",
  };

  it("records a milestone in the driver's transaction, once per external id, audited with it", async () => {
    const first = await db.sql.transaction((tx) => recordSystemTimelineEvent(tx, { incidentId, ...milestone }, null));
    expect(first).toEqual(expect.any(String));
    const again = await db.sql.transaction((tx) => recordSystemTimelineEvent(tx, { incidentId, ...milestone }, null));
    expect(again).toBeNull();
    const events = await db.prisma.timelineEvent.findMany({ where: { incidentId, externalId: milestone.externalId }, include: { versions: true } });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ source: "system", category: "communication", milestone: "customers_notified", currentVersion: 1 });
    expect(events[0]!.versions).toEqual([
      expect.objectContaining({ version: 1, title: milestone.title, body: "Sent 3.", recordedById: null, milestone: "customers_notified" }),
    ]);
    const audit = await db.prisma.auditLog.findMany({ where: { targetId: first! } });
    expect(audit).toEqual([expect.objectContaining({ action: "timeline.event_recorded", actorId: null, incidentId })]);
  });

  it("rolls back with the transaction it was written in", async () => {
    const externalId = "bulk-action:rolled-back:finished";
    await expect(
      db.sql.transaction(async (tx) => {
        await recordSystemTimelineEvent(tx, { incidentId, ...milestone, externalId }, null);
        throw new Error("the batch failed");
      }),
    ).rejects.toThrow("the batch failed");
    expect(await db.prisma.timelineEvent.count({ where: { incidentId, externalId } })).toBe(0);
  });
});

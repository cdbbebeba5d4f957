// The overview's reads that go straight to SQL (getIncidentBySlugOrThrow, getIncidentPageBySlugOrThrow,
// listRecentSecurityChanges, listActiveBulkActions): checked against rows
// made through Prisma, on both databases.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { importRecipientList } from "../imports/import-recipients";
import { chunks } from "../imports/test-sources";
import { listActiveBulkActions, listBulkActions } from "../remediation/list-bulk-actions";
import { getMilestoneTimes } from "../timeline/get-milestones";
import { recordTimelineEvent } from "../timeline/record-timeline-event";
import { retractTimelineEvent } from "../timeline/retract-timeline-event";
import { createTestIncident, createTestStaff, T0 } from "../timeline/test-fixtures";
import { getIncidentBySlugOrThrow, getIncidentPageBySlugOrThrow } from "./get-incident";
import { listRecentSecurityChanges } from "./list-recent-security-changes";

const minutesAfterT0 = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

describe.each(testDbKinds())("the overview's SQL reads on %s", (kind) => {
  let db: TestDb;
  let incident: Awaited<ReturnType<typeof createTestIncident>>;

  beforeAll(async () => {
    db = await openTestDb(kind);
    incident = await createTestIncident(db);
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("reads an incident as Prisma does, with its numbers or without, and refuses an unknown one", async () => {
    const bare = await createTestIncident(db);
    expect(await getIncidentBySlugOrThrow(db, bare.slug)).toEqual(bare);

    await db.prisma.incidentStats.create({
      data: {
        incidentId: incident.id,
        leakedRecipients: 23_000,
        uniqueAddresses: 22_950,
        matchedAccounts: 21_000,
        messages: 23,
        activeHolds: 4,
      },
    });
    const expected = await db.prisma.incident.findUniqueOrThrow({
      where: { id: incident.id },
      include: { stats: true },
    });
    expect(await getIncidentBySlugOrThrow(db, incident.slug)).toEqual(expected);

    await expect(getIncidentBySlugOrThrow(db, "no-such-incident")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("reads an incident page's incident and milestones in one statement, as the two separate reads give them", async () => {
    const paged = await createTestIncident(db);
    const analyst = await createTestStaff(db);
    const empty = await getIncidentPageBySlugOrThrow(db, paged.slug);
    expect(empty.incident).toEqual(await getIncidentBySlugOrThrow(db, paged.slug));
    expect(empty.milestones).toEqual(await getMilestoneTimes(db, paged));
    expect(empty.milestones).toMatchObject({ aware: T0, regulator_notified: null });

    const milestone = (occurredAt: string, title: string) =>
      recordTimelineEvent(
        db.prisma,
        {
          incidentId: paged.id,
          occurredAt,
          category: "communication",
          milestone: "regulator_notified",
          source: "manual",
          title,
        },
        analyst,
      );
    // The earliest that stands counts: a retracted one does not, nor a later one.
    const retracted = await milestone("2019-11-08T09:00:00.123Z", "Draft only, not sent");
    await retractTimelineEvent(db, { incidentId: paged.id, eventId: retracted.id, reason: "Never sent" }, analyst);
    await milestone("2019-11-12T09:00:00Z", "Reminder to the regulator");
    await milestone("2019-11-09T10:30:00.456Z", "Regulator notified");

    const page = await getIncidentPageBySlugOrThrow(db, paged.slug);
    expect(page.milestones).toEqual(await getMilestoneTimes(db, paged));
    expect(page.milestones.regulator_notified).toEqual(new Date("2019-11-09T10:30:00.456Z"));
    await expect(getIncidentPageBySlugOrThrow(db, "no-such-incident")).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("lists the latest security-detail changes after T0 of the incident's exposed accounts, newest first, masked unless the viewer may see addresses", async () => {
    const tag = randomUUID().slice(0, 8);
    const account = await db.prisma.customerAccount.create({
      data: { externalId: `EX-${tag}`, email: `jane.${tag}@example.com`, emailNormalized: `jane.${tag}@example.com` },
    });
    await importRecipientList(db, {
      incidentId: incident.id,
      fileName: "list.csv",
      bytesTotal: null,
      source: chunks(`email\njane.${tag}@example.com\n`),
      actor: null,
    });
    // Another account's change, not exposed in this incident: not listed.
    const bystander = await db.prisma.customerAccount.create({
      data: { externalId: `BY-${tag}`, email: `by.${tag}@example.com`, emailNormalized: `by.${tag}@example.com` },
    });
    await db.prisma.securityEvent.create({
      data: { incidentId: incident.id, accountId: bystander.id, kind: "password_change", occurredAt: minutesAfterT0(90) },
    });
    const event = (kind: string, minutes: number) => ({
      incidentId: incident.id,
      accountId: account.id,
      kind: kind as "password_change",
      occurredAt: minutesAfterT0(minutes),
      ip: minutes > 0 ? "203.0.113.7" : null,
    });
    await db.prisma.securityEvent.createMany({
      data: [
        event("password_change", -30), // before T0: not a change after the leak
        event("login_new_device", 10), // not a security-detail change
        event("password_change", 20),
        event("two_factor_change", 40),
        event("withdrawal_address_change", 60),
        event("email_change", 80),
      ],
    });

    const masked = await listRecentSecurityChanges(db, incident, { limit: 3, unmasked: false });
    expect(masked.map((c) => [c.kind, c.occurredAt.toISOString()])).toEqual([
      ["email_change", minutesAfterT0(80).toISOString()],
      ["withdrawal_address_change", minutesAfterT0(60).toISOString()],
      ["two_factor_change", minutesAfterT0(40).toISOString()],
    ]);
    expect(masked[0]).toMatchObject({ accountExternalId: `EX-${tag}`, ip: "203.0.113.7", email: "j***@example.com" });
    expect(typeof masked[0]!.id).toBe("number");
    // The overview links each row to the account's page by its row id.
    expect(masked[0]!.accountId).toBeGreaterThan(0);

    const unmasked = await listRecentSecurityChanges(db, incident, { limit: 10, unmasked: true });
    expect(unmasked).toHaveLength(4);
    expect(unmasked[3]).toMatchObject({ kind: "password_change", email: `jane.${tag}@example.com` });
  });

  it("lists the bulk actions in flight with who asked and who decided, newest first, not single actions nor finished ones", async () => {
    const requester = await createTestStaff(db, "Sam Support");
    const approver = await createTestStaff(db, "Maya Manager");
    const other = await createTestIncident(db);
    const bulk = (over: Record<string, unknown>, minutes: number) => ({
      incidentId: incident.id,
      kind: "password_reset" as const,
      origin: "bulk" as const,
      status: "running" as const,
      reason: "Leaked address",
      selection: { kind: "filter", query: "" },
      total: 10,
      needsApproval: false,
      createdAt: minutesAfterT0(minutes),
      ...over,
    });
    await db.prisma.bulkAction.createMany({
      data: [
        bulk({ status: "completed" }, 1),
        bulk({ origin: "single" }, 2),
        bulk({ incidentId: other.id }, 3),
        bulk(
          {
            kind: "withdrawal_hold",
            holdHours: 72,
            status: "pending_approval",
            needsApproval: true,
            requestedById: requester.id,
            expiresAt: minutesAfterT0(600),
          },
          4,
        ),
        bulk(
          {
            status: "paused",
            succeeded: 4,
            failed: 1,
            requestedById: requester.id,
            decidedById: approver.id,
            decidedAt: minutesAfterT0(6),
          },
          5,
        ),
        bulk({ origin: "recommendation" }, 6),
      ],
    });

    const rows = await listActiveBulkActions(db, incident.id);
    expect(rows.map((r) => [r.origin, r.status, r.kind])).toEqual([
      ["recommendation", "running", "password_reset"],
      ["bulk", "paused", "password_reset"],
      ["bulk", "pending_approval", "withdrawal_hold"],
    ]);
    expect(rows[1]).toMatchObject({
      succeeded: 4,
      failed: 1,
      requestedBy: { id: requester.id, name: "Sam Support" },
      decidedBy: { id: approver.id, name: "Maya Manager" },
      createdAt: minutesAfterT0(5).toISOString(),
      decidedAt: minutesAfterT0(6).toISOString(),
      expiresAt: null,
    });
    expect(rows[2]).toMatchObject({
      holdHours: 72,
      needsApproval: true,
      decidedBy: null,
      expiresAt: minutesAfterT0(600).toISOString(),
    });
    expect(rows[0]).toMatchObject({ requestedBy: null, holdHours: null, releaseCode: null });
    expect(await listActiveBulkActions(db, incident.id, 1)).toHaveLength(1);

    // The bulk-actions page's list reads the same columns: awaiting approval
    // first, then the rest newest first; single actions and the other incident's left out.
    const { pending, others } = await listBulkActions(db, incident.id);
    expect(pending).toEqual([rows[2]]);
    expect(others.map((r) => [r.origin, r.status])).toEqual([
      ["recommendation", "running"],
      ["bulk", "paused"],
      ["bulk", "completed"],
    ]);
    expect(others[1]).toEqual(rows[1]);
    expect(others[2]).toMatchObject({ createdAt: minutesAfterT0(1).toISOString(), requestedBy: null, decidedAt: null });
    expect((await listBulkActions(db, incident.id, { limit: 1 })).others).toHaveLength(1);
  });
});

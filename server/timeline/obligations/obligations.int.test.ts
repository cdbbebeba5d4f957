import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDbKinds, type TestDb } from "../../../test/db";
import { getMilestoneTimes } from "../get-milestones";
import { recordTimelineEvent } from "../record-timeline-event";
import { retractTimelineEvent } from "../retract-timeline-event";
import { createTestIncident, createTestStaff } from "../test-fixtures";
import { addObligation } from "./add-obligation";
import { GDPR_ART_33_ID, listObligations } from "./list-obligations";
import { markObligationMet } from "./mark-obligation-met";

const at = (iso: string) => new Date(iso);

describe.each(testDbKinds())("notification obligations on %s", (kind) => {
  let db: TestDb;
  let incident: Awaited<ReturnType<typeof createTestIncident>>;
  let analyst: Awaited<ReturnType<typeof createTestStaff>>;

  beforeAll(async () => {
    db = await openTestDb(kind);
    incident = await createTestIncident(db);
    analyst = await createTestStaff(db);
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  async function obligations(now: string) {
    return listObligations(db, incident, await getMilestoneTimes(db, incident), at(now));
  }

  it("always has the GDPR 72-hour notice: pending, then due soon, then overdue", async () => {
    const gdpr = (await obligations("2019-11-07T10:00:00Z")).find((o) => o.id === GDPR_ART_33_ID)!;
    expect(gdpr).toMatchObject({ builtIn: true, status: "pending", dueAt: "2019-11-10T09:12:00.000Z", metAt: null });
    expect((await obligations("2019-11-10T00:00:00Z"))[0]!.status).toBe("due_soon");
    expect((await obligations("2019-11-10T09:12:01Z"))[0]!.status).toBe("overdue");
  });

  it("adds an obligation due a number of days after T0, met by its milestone", async () => {
    const created = await addObligation(
      db,
      {
        incidentId: incident.id,
        title: "Notify California residents",
        authority: "Cal. Civ. Code 1798.82",
        dueInDays: 30,
        metByMilestone: "customers_notified",
      },
      analyst,
    );
    expect(created.dueAt.toISOString()).toBe("2019-12-07T09:12:00.000Z");
    expect(await db.prisma.auditLog.count({ where: { targetId: created.id, action: "obligation.created" } })).toBe(1);
    const open = (await obligations("2019-12-08T00:00:00Z")).find((o) => o.id === created.id)!;
    expect(open.status).toBe("overdue");

    await recordTimelineEvent(
      db.prisma,
      {
        incidentId: incident.id,
        occurredAt: "2019-11-20T10:00:00Z",
        category: "communication",
        milestone: "customers_notified",
        source: "manual",
        title: "E-mail to every affected customer",
      },
      analyst,
    );
    const met = (await obligations("2019-12-08T00:00:00Z")).find((o) => o.id === created.id)!;
    expect(met).toMatchObject({ status: "met", metAt: "2019-11-20T10:00:00.000Z", metVia: "milestone" });
  });

  it("meets the GDPR notice with the regulator-notified milestone, and not with a retracted one", async () => {
    const wrong = await recordTimelineEvent(
      db.prisma,
      {
        incidentId: incident.id,
        occurredAt: "2019-11-08T09:00:00Z",
        category: "communication",
        milestone: "regulator_notified",
        source: "manual",
        title: "ICO notified (draft only, not sent)",
      },
      analyst,
    );
    expect((await obligations("2019-11-12T00:00:00Z"))[0]).toMatchObject({ status: "met", metVia: "milestone" });
    await retractTimelineEvent(db, { incidentId: incident.id, eventId: wrong.id, reason: "Never sent" }, analyst);
    expect((await obligations("2019-11-12T00:00:00Z"))[0]!.status).toBe("overdue");

    await recordTimelineEvent(
      db.prisma,
      {
        incidentId: incident.id,
        occurredAt: "2019-11-11T09:00:00Z",
        category: "communication",
        milestone: "regulator_notified",
        source: "manual",
        title: "ICO notified",
      },
      analyst,
    );
    expect((await obligations("2019-11-12T00:00:00Z"))[0]).toMatchObject({
      status: "met_late",
      metAt: "2019-11-11T09:00:00.000Z",
    });
  });

  it("is marked met by hand once, with when and by whom, never in the future", async () => {
    const created = await addObligation(
      db,
      { incidentId: incident.id, title: "Notify the card processor", dueAt: "2019-11-09T00:00:00Z" },
      analyst,
    );
    await expect(
      markObligationMet(
        db,
        { incidentId: incident.id, obligationId: created.id, metAt: "2019-11-09T00:00:00Z" },
        analyst,
        at("2019-11-08T00:00:00Z"),
      ),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    await markObligationMet(
      db,
      { incidentId: incident.id, obligationId: created.id, metAt: "2019-11-08T12:00:00Z", note: "Ticket 991" },
      analyst,
    );
    const view = (await obligations("2019-11-20T00:00:00Z")).find((o) => o.id === created.id)!;
    expect(view).toMatchObject({
      status: "met",
      metAt: "2019-11-08T12:00:00.000Z",
      metVia: "marked",
      metNote: "Ticket 991",
      metBy: "Alice Analyst",
    });
    await expect(
      markObligationMet(db, { incidentId: incident.id, obligationId: created.id, metAt: new Date() }, analyst),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const other = await createTestIncident(db);
    await expect(
      markObligationMet(db, { incidentId: other.id, obligationId: created.id, metAt: new Date() }, analyst),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });

  it("needs exactly one of a due time and a number of days", async () => {
    await expect(addObligation(db, { incidentId: incident.id, title: "Neither" }, analyst)).rejects.toThrow(
      "either a due time or a number of days",
    );
    await expect(
      addObligation(db, { incidentId: incident.id, title: "Both", dueInDays: 3, dueAt: new Date() }, analyst),
    ).rejects.toThrow("either a due time or a number of days");
  });
});

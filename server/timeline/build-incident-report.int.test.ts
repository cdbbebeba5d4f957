import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { auditHeadMac } from "../../lib/audit/chain";
import { auditKey } from "../audit/audit-key";
import { buildIncidentReport } from "./build-incident-report";
import { exportTimelineCsv } from "./export-timeline-csv";
import { addObligation } from "./obligations/add-obligation";
import { recordTimelineEvent } from "./record-timeline-event";
import { updateReportDetails } from "./report/update-report-details";
import { updateReportContacts } from "./report/report-contacts";
import { retractTimelineEvent } from "./retract-timeline-event";
import { createTestIncident, createTestStaff } from "./test-fixtures";

describe.each(testDbKinds())("the incident report on %s", (kind) => {
  let db: TestDb;
  let incident: Awaited<ReturnType<typeof createTestIncident>>;
  let analyst: Awaited<ReturnType<typeof createTestStaff>>;

  beforeAll(async () => {
    db = await openTestDb(kind);
    incident = await createTestIncident(db);
    analyst = await createTestStaff(db);
    await db.prisma.incidentStats.create({
      data: {
        incidentId: incident.id,
        leakedRecipients: 23_000,
        uniqueAddresses: 22_990,
        matchedAccounts: 22_650,
        messages: 23,
        completedActions: 120,
        openActions: 4,
        activeHolds: 40,
        changedAfterT0: 312,
      },
    });
    incident = { ...incident, stats: await db.prisma.incidentStats.findUnique({ where: { incidentId: incident.id } }) };
    const base = { incidentId: incident.id, timeZone: "Europe/London", source: "manual" as const };
    await recordTimelineEvent(
      db.prisma,
      {
        ...base,
        occurredAt: "2019-11-07T09:40:00Z",
        category: "containment",
        milestone: "contained",
        title: "Mailer disabled",
      },
      analyst,
    );
    await recordTimelineEvent(
      db.prisma,
      {
        ...base,
        occurredAt: "2019-11-08T16:00:00Z",
        category: "communication",
        milestone: "regulator_notified",
        title: '=HYPERLINK("http://evil.example","ICO notified")',
        body: 'Reference, "ICO-123"\nfiled online',
      },
      analyst,
    );
    const wrong = await recordTimelineEvent(
      db.prisma,
      { ...base, occurredAt: "2019-11-07T12:00:00Z", category: "external", title: "Unrelated outage" },
      analyst,
    );
    await retractTimelineEvent(db, { incidentId: incident.id, eventId: wrong.id, reason: "Another incident" }, analyst);
    await addObligation(db, { incidentId: incident.id, title: "Notify California residents", dueInDays: 30 }, analyst);
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("carries the audit chain's head and its HMAC", async () => {
    const report = await buildIncidentReport(db, incident);
    const [head] = await db.sql.query<{ last_id: number; hash: string; keyed_from: number }>(
      `SELECT last_id, hash, keyed_from FROM audit_chain_head`,
    );
    expect(head!.last_id).toBeGreaterThan(0);
    expect(report.auditHead).toEqual({
      lastId: head!.last_id,
      hash: head!.hash,
      mac: auditHeadMac(auditKey(), { lastId: head!.last_id, hash: head!.hash, keyedFrom: head!.keyed_from }),
    });
  });

  it("gathers the counts, milestones, durations, obligations and every event", async () => {
    const report = await buildIncidentReport(db, incident, new Date("2019-11-12T00:00:00Z"));
    expect(report.stats).toMatchObject({ uniqueAddresses: 22_990, matchedAccounts: 22_650, completedActions: 120 });
    expect(report.milestones.find((m) => m.key === "contained")?.at).toBe("2019-11-07T09:40:00.000Z");
    expect(report.durations.find((d) => d.key === "notify_regulator")?.ms).toBe((30 * 60 + 48) * 60_000);
    expect(report.obligations.map((o) => [o.title, o.status])).toEqual([
      ["Notify the supervisory authority (GDPR Art. 33)", "met"],
      ["Notify California residents", "pending"],
    ]);
    expect(report.events).toHaveLength(3);
    expect(report.events.find((e) => e.title === "Unrelated outage")?.retracted?.reason).toBe("Another incident");
  });

  it("drafts the Article 33(3) summary from the data until an analyst writes their own", async () => {
    const draft = (await buildIncidentReport(db, incident)).article33;
    expect(draft.summary.approxSubjects).toBe(22_990);
    expect(draft.summary.measuresTaken).toContain("Sending was stopped");
    expect(Object.values(draft.edited).some(Boolean)).toBe(false);

    await updateReportDetails(
      db,
      {
        incidentId: incident.id,
        natureOfBreach: "Our words.",
        dataCategories: draft.defaults.dataCategories,
        approxSubjects: "23000",
        approxRecords: "",
        likelyConsequences: "",
        measuresTaken: draft.defaults.measuresTaken,
      },
      analyst,
      draft.defaults,
    );
    const edited = (await buildIncidentReport(db, incident)).article33;
    expect(edited.summary).toMatchObject({
      natureOfBreach: "Our words.",
      approxSubjects: 23_000,
      approxRecords: 23_000,
      likelyConsequences: draft.defaults.likelyConsequences,
    });
    expect(edited.edited).toEqual({
      natureOfBreach: true,
      dataCategories: false,
      approxSubjects: true,
      approxRecords: false,
      likelyConsequences: false,
      measuresTaken: false,
    });
    expect(edited.updatedBy).toBe("Alice Analyst");
    const audit = await db.prisma.auditLog.findFirst({ where: { action: "report.details_updated" } });
    expect(audit?.detail).toMatchObject({ changed: ["natureOfBreach", "approxSubjects"] });
  });

  it("treats a draft submitted back from a browser (CRLF line breaks) as the draft", async () => {
    const { defaults } = (await buildIncidentReport(db, incident)).article33;
    expect(defaults.natureOfBreach).toContain("\n\n");
    await updateReportDetails(
      db,
      { incidentId: incident.id, natureOfBreach: defaults.natureOfBreach.replaceAll("\n", "\r\n") },
      analyst,
      defaults,
    );
    expect((await buildIncidentReport(db, incident)).article33.edited.natureOfBreach).toBe(false);
  });

  it("carries the controller and its contact point, saved once, audited, and kept apart from the summary", async () => {
    const summaryBefore = (await buildIncidentReport(db, incident)).article33;
    expect((await buildIncidentReport(db, incident)).contacts).toEqual({
      controllerName: null,
      controllerContact: null,
      dpoName: null,
      dpoContact: null,
    });
    const input = {
      incidentId: incident.id,
      controllerName: "  Example Exchange Ltd  ",
      controllerContact: "1 Example Street\r\nLondon",
      dpoName: "Data Protection Officer",
      dpoContact: "dpo@exchange.example",
    };
    expect((await updateReportContacts(db, input, analyst)).changed).toEqual([
      "controllerName",
      "controllerContact",
      "dpoName",
      "dpoContact",
    ]);
    // The same values again: nothing changes, nothing is recorded.
    expect((await updateReportContacts(db, input, analyst)).changed).toEqual([]);
    const report = await buildIncidentReport(db, incident);
    expect(report.contacts).toEqual({
      controllerName: "Example Exchange Ltd",
      controllerContact: "1 Example Street\nLondon",
      dpoName: "Data Protection Officer",
      dpoContact: "dpo@exchange.example",
    });
    // The Article 33 summary is left as it was.
    expect({ summary: report.article33.summary, edited: report.article33.edited }).toEqual({
      summary: summaryBefore.summary,
      edited: summaryBefore.edited,
    });
    const audits = await db.prisma.auditLog.findMany({ where: { action: "report.contacts_updated" } });
    expect(audits).toHaveLength(1);
    expect(audits[0]!.detail).toMatchObject({ changed: ["controllerName", "controllerContact", "dpoName", "dpoContact"] });
    // Emptying a field clears it; a field too long is refused, naming it.
    await updateReportContacts(db, { ...input, dpoName: "" }, analyst);
    expect((await buildIncidentReport(db, incident)).contacts.dpoName).toBeNull();
    await expect(updateReportContacts(db, { ...input, dpoContact: "x".repeat(501) }, analyst)).rejects.toThrow(
      /dpoContact|500 characters/,
    );
  });

  it("exports the timeline as formula-safe CSV", async () => {
    let csv = "";
    for await (const chunk of exportTimelineCsv(db, incident.id)) csv += chunk;
    const lines = csv.split("\r\n");
    expect(lines[0]).toMatch(/^event_id,occurred_at_utc,time_zone,/);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.example"",""ICO notified"")"`);
    expect(csv).toContain(`"Reference, ""ICO-123""\nfiled online"`);
    expect(csv).not.toMatch(/(^|,)=HYPERLINK/m);
    expect(csv).toContain("Another incident");
    let filtered = "";
    for await (const chunk of exportTimelineCsv(db, incident.id, ["containment"])) filtered += chunk;
    expect(filtered.trim().split("\r\n")).toHaveLength(2);
  });
});

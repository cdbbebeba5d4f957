import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { GET as getClose } from "../../app/api/v1/incidents/[slug]/close/route";
import { POST as requestCloseRoute } from "../../app/api/v1/incidents/[slug]/close/requests/route";
import { POST as approveCloseRoute } from "../../app/api/v1/incidents/[slug]/close/requests/[requestId]/approve/route";
import { POST as reopenRoute } from "../../app/api/v1/incidents/[slug]/reopen/route";
import { POST as requestBulkRoute } from "../../app/api/v1/incidents/[slug]/bulk-actions/route";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { routeTest } from "../../test/route-test-stubs";
import { listPendingApprovals } from "../approvals/list-pending-approvals";
import { resetEnvCache } from "../env";
import { postTimelineEventFromApi } from "../timeline/api/post-timeline-event";
import { createApiToken } from "../timeline/api-tokens/create-api-token";
import { recordTimelineEvent } from "../timeline/record-timeline-event";
import { addObligation } from "../timeline/obligations/add-obligation";
import { waiveObligation } from "../timeline/obligations/waive-obligation";
import { updateReportContacts } from "../timeline/report/report-contacts";
import { createTestIncident, createTestStaff } from "../timeline/test-fixtures";
import { sweepExpired } from "../workers/work";
import { approveIncidentClose, rejectIncidentClose } from "./decide-close";
import { getCloseChecklist } from "./get-close-checklist";
import { reopenIncident } from "./reopen-incident";
import { requestIncidentClose } from "./request-close";
import { rejection } from "../../test/app-error";

// Closing an incident end to end below the session: the checklist from the
// database, the four-eyes close request, the close in the approval's
// transaction, read-only afterwards (the API's choke point, the timeline
// token's route), and reopening until forgetting begins.

vi.mock(import("../db"), async (importOriginal) =>
  (await import("../../test/route-test-stubs")).withTestDb(await importOriginal()),
);
vi.mock(import("../auth/step-up"), async (importOriginal) => ({
  ...(await importOriginal()),
  requireRecentSecondFactor: async () => undefined,
}));
vi.mock("../auth/session", async () => ({
  authorize: (await import("../../test/route-test-stubs")).authorizeTestUser,
}));

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;
let keys = 0;
async function call<P>(handler: Handler<P>, params: P, body?: unknown, method = "POST") {
  const headers = new Headers({ "content-type": "application/json", "Idempotency-Key": `close-${++keys}` });
  const request = new Request("http://localhost/api/v1/test", {
    method,
    headers,
    body: method === "GET" ? undefined : JSON.stringify(body ?? {}),
  });
  const response = await handler(request, { params: Promise.resolve(params) });
  return {
    status: response.status,
    json: (await response.json()) as Record<string, unknown> & { error?: { code: string; message: string } },
  };
}

const noSteps = { stepUp: async () => undefined };

describe.each(testDbKinds())("closing an incident on %s", (kind) => {
  let db: TestDb;
  let analyst: { id: string; email: string; name: string };
  let second: { id: string; email: string; name: string };
  let incident: { id: string; slug: string };

  beforeAll(async () => {
    vi.stubEnv("BREACHDESK_RETENTION_PSEUDONYMISE_DAYS", "30");
    vi.stubEnv("BREACHDESK_RETENTION_ERASE_DAYS", "1825");
    resetEnvCache();
    db = await openTestDb(kind);
    routeTest.db = db;
    analyst = await createTestStaff(db, "Ana Analyst");
    second = await createTestStaff(db, "Sam Second");
  });
  afterAll(async () => {
    routeTest.db = null;
    routeTest.user = null;
    await db?.cleanup();
    vi.unstubAllEnvs();
    resetEnvCache();
  });

  /** An incident whose checklist passes: Art. 33 notice made, contact point written. */
  async function readyIncident() {
    const created = await createTestIncident(db);
    await recordTimelineEvent(
      db.prisma,
      {
        incidentId: created.id,
        occurredAt: "2019-11-08T10:00:00Z",
        category: "communication",
        milestone: "regulator_notified",
        source: "manual",
        title: "Notified the authority",
      },
      analyst,
    );
    await updateReportContacts(
      db,
      {
        incidentId: created.id,
        controllerName: "Exchange Ltd",
        controllerContact: "1 Main St",
        dpoName: "DPO",
        dpoContact: "dpo@exchange.test",
      },
      analyst,
    );
    return created;
  }

  const insertHold = async (incidentId: string, expiresAt: Date | null) =>
    db.sql.run(
      `INSERT INTO withdrawal_holds (id, incident_id, account_id, status, reason, placed_at, expires_at)
       VALUES (gen_random_uuid(), $1::uuid, 1, 'active', 'test', now(), $2::timestamptz)`,
      [incidentId, expiresAt?.toISOString() ?? null],
    );
  const insertBulk = async (incidentId: string, status: string) =>
    db.sql.run(
      `INSERT INTO bulk_actions (id, incident_id, kind, status, selection, reason, total, needs_approval, expires_at)
       VALUES (gen_random_uuid(), $1::uuid, 'password_reset', $2::"BulkActionStatus", '{}', 'test', 1, true, now() + interval '1 day')`,
      [incidentId, status],
    );
  const request = (id: string, actor = analyst, days = { pseudonymiseDays: 30, eraseDays: 1825 }) =>
    requestIncidentClose(db, id, { retention: days }, actor);

  beforeEach(async () => {
    incident = await readyIncident();
  });

  it("judges each item from the database: obligations, work, holds, the report", async () => {
    const fresh = await createTestIncident(db);
    const blocked = await getCloseChecklist(db, fresh.id);
    expect(blocked.ok).toBe(false);
    expect(Object.fromEntries(blocked.items.map((i) => [i.key, i.ok]))).toEqual({
      obligations: false,
      work: true,
      holds: true,
      report: false,
    });
    expect(blocked.items.find((i) => i.key === "report")!.detail).toContain("Data protection officer or contact point");

    expect((await getCloseChecklist(db, incident.id)).ok).toBe(true);
    // An added obligation blocks until it is met or waived with a reason.
    const partner = await addObligation(
      db,
      { incidentId: incident.id, title: "Notify the banking partner", authority: "", dueInDays: 5 },
      analyst,
    );
    const open = (await getCloseChecklist(db, incident.id)).items.find((i) => i.key === "obligations")!;
    expect(open).toMatchObject({ ok: false });
    expect(open.detail).toContain("Notify the banking partner");
    await waiveObligation(
      db,
      { incidentId: incident.id, obligationId: partner.id, reason: "Partner informed by contract" },
      analyst,
    );
    expect((await getCloseChecklist(db, incident.id)).items.find((i) => i.key === "obligations")!.ok).toBe(true);
    expect(await db.prisma.auditLog.count({ where: { targetId: partner.id, action: "obligation.waived" } })).toBe(1);
    expect(
      (
        await rejection(
          waiveObligation(db, { incidentId: incident.id, obligationId: partner.id, reason: "again" }, analyst),
        )
      ).code,
    ).toBe("CONFLICT");
    await insertHold(incident.id, null);
    await insertHold(incident.id, new Date(Date.now() + 86_400_000));
    const holds = (await getCloseChecklist(db, incident.id)).items.find((i) => i.key === "holds")!;
    expect(holds).toMatchObject({ ok: false, detail: "1 active hold with no end date." });
    await db.sql.run(
      `UPDATE withdrawal_holds SET expires_at = now() + interval '7 days' WHERE incident_id = $1::uuid`,
      [incident.id],
    );
    await insertBulk(incident.id, "paused");
    const work = (await getCloseChecklist(db, incident.id)).items;
    expect(work.find((i) => i.key === "holds")!.ok).toBe(true);
    expect(work.find((i) => i.key === "work")).toMatchObject({ ok: false, fixPath: "bulk-actions" });
  });

  it("request, then a second person approves: closed with the schedule, the Closed milestone and audit entries", async () => {
    const requested = await request(incident.id);
    expect(requested.status).toBe("pending_approval");
    await approveIncidentClose(db, requested.id, second, noSteps);

    const row = await db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(row.status).toBe("closed");
    expect(row.closedAt).not.toBeNull();
    const day = 86_400_000;
    expect(row.pseudonymiseAt!.getTime() - row.closedAt!.getTime()).toBe(30 * day);
    expect(row.eraseAt!.getTime() - row.closedAt!.getTime()).toBe(1825 * day);
    const closeRow = await db.prisma.incidentCloseRequest.findUniqueOrThrow({ where: { id: requested.id } });
    expect(closeRow).toMatchObject({ status: "completed", decidedById: second.id });
    const milestones = await db.prisma.timelineEvent.count({
      where: { incidentId: incident.id, milestone: "closed", retractedAt: null },
    });
    expect(milestones).toBe(1);
    const actions = (
      await db.prisma.auditLog.findMany({ where: { incidentId: incident.id }, select: { action: true } })
    ).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(["incident_close.requested", "incident_close.approved", "incident.closed"]),
    );
  });

  it("never lets the requester approve, and a reject leaves the incident open", async () => {
    const requested = await request(incident.id);
    // The approvals page lists it for the second person, not for the requester.
    const waiting = await listPendingApprovals(
      db,
      { id: second.id, role: "security_analyst" },
      { incidentId: incident.id },
    );
    expect(waiting).toMatchObject([{ type: "incident_close", id: requested.id }]);
    expect(
      await listPendingApprovals(db, { id: analyst.id, role: "security_analyst" }, { incidentId: incident.id }),
    ).toEqual([]);
    const own = await rejection(approveIncidentClose(db, requested.id, analyst, noSteps));
    expect(own.code).toBe("FORBIDDEN");
    expect((await db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe("open");
    const twice = await rejection(request(incident.id, second));
    expect(twice.code).toBe("CONFLICT");
    await rejectIncidentClose(db, requested.id, second, "Holds still under review");
    expect((await db.prisma.incidentCloseRequest.findUniqueOrThrow({ where: { id: requested.id } })).status).toBe(
      "rejected",
    );
    expect((await db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe("open");
  });

  it("judges the checklist again in the request's transaction, and again at approval", async () => {
    await insertBulk(incident.id, "pending_approval");
    const refused = await rejection(request(incident.id));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toContain("bulk action");
    expect(await db.prisma.incidentCloseRequest.count({ where: { incidentId: incident.id } })).toBe(0);

    await db.sql.run(`UPDATE bulk_actions SET status = 'completed' WHERE incident_id = $1::uuid`, [incident.id]);
    const requested = await request(incident.id);
    await insertHold(incident.id, null);
    const late = await rejection(approveIncidentClose(db, requested.id, second, noSteps));
    expect(late.code).toBe("CONFLICT");
    // The approval rolled back whole: still pending, still open.
    expect((await db.prisma.incidentCloseRequest.findUniqueOrThrow({ where: { id: requested.id } })).status).toBe(
      "pending_approval",
    );
    expect((await db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe("open");
  });

  it("refuses a schedule out of bounds", async () => {
    // zod's error, which the action pipeline and the API answer as VALIDATION (422).
    await expect(request(incident.id, analyst, { pseudonymiseDays: 40, eraseDays: 30 })).rejects.toThrow(/Erase after/);
  });

  it("expires a request nobody approved in time, like other requests", async () => {
    const requested = await request(incident.id);
    const settled = await sweepExpired(db, new Date(Date.now() + 30 * 86_400_000));
    expect(settled.closeRequests).toBeGreaterThanOrEqual(1);
    expect((await db.prisma.incidentCloseRequest.findUniqueOrThrow({ where: { id: requested.id } })).status).toBe(
      "expired",
    );
  });

  it("through the API: checklist, request, approve; then every write is refused with 409 INCIDENT_CLOSED", async () => {
    routeTest.user = { ...analyst, role: "security_analyst" };
    const checklist = await call(getClose, { slug: incident.slug }, undefined, "GET");
    expect(checklist.status).toBe(200);
    expect((checklist.json.checklist as { ok: boolean }).ok).toBe(true);
    const requested = await call(requestCloseRoute, { slug: incident.slug }, { reason: "All done" });
    expect(requested.status).toBe(201);
    const requestId = (requested.json.requests as { id: string }[])[0]!.id;
    const own = await call(approveCloseRoute, { slug: incident.slug, requestId }, {});
    expect(own.status).toBe(403);
    routeTest.user = { ...second, role: "admin" };
    const approved = await call(approveCloseRoute, { slug: incident.slug, requestId }, {});
    expect(approved.status).toBe(200);
    expect((approved.json.incident as { status: string }).status).toBe("closed");

    // A representative write through the REST API: a bulk request.
    const bulk = await call(
      requestBulkRoute,
      { slug: incident.slug },
      { kind: "password_reset", reason: "x", selection: { kind: "filter", query: "" } },
    );
    expect(bulk.status).toBe(409);
    expect(bulk.json.error?.code).toBe("INCIDENT_CLOSED");
    // A timeline entry from an external system's token.
    const token = await createApiToken(db, { name: "SIEM feed", incidentId: incident.id }, second);
    const posted = await postTimelineEventFromApi(db, {
      slug: incident.slug,
      authorization: `Bearer ${token.token}`,
      idempotencyKey: null,
      rawBody: JSON.stringify({ occurredAt: "2019-11-09T10:00:00Z", category: "detection", title: "Late alert" }),
    });
    expect(posted.status).toBe(409);
    expect(JSON.stringify(posted.body)).toContain("INCIDENT_CLOSED");
    // Reads stay.
    expect((await call(getClose, { slug: incident.slug }, undefined, "GET")).status).toBe(200);

    const reopened = await call(reopenRoute, { slug: incident.slug }, { reason: "New evidence arrived" });
    expect(reopened.status).toBe(200);
    expect(reopened.json.incident).toMatchObject({
      status: "open",
      closedAt: null,
      pseudonymiseAt: null,
      eraseAt: null,
    });
  });

  it("reopens with a reason, retracting the Closed milestone; refused once a forget run exists", async () => {
    const first = await request(incident.id);
    await approveIncidentClose(db, first.id, second, noSteps);
    await reopenIncident(db, incident.id, { reason: "Regulator asked for more" }, analyst);
    const row = await db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } });
    expect(row).toMatchObject({ status: "open", closedAt: null, pseudonymiseAt: null, eraseAt: null });
    expect(
      await db.prisma.timelineEvent.count({
        where: { incidentId: incident.id, milestone: "closed", retractedAt: null },
      }),
    ).toBe(0);
    expect(await db.prisma.auditLog.count({ where: { incidentId: incident.id, action: "incident.reopened" } })).toBe(1);
    expect((await rejection(reopenIncident(db, incident.id, { reason: "again" }, analyst))).code).toBe("CONFLICT");

    const again = await request(incident.id);
    await approveIncidentClose(db, again.id, second, noSteps);
    await db.sql.run(
      `INSERT INTO incident_forget_runs (id, incident_id, step) VALUES (gen_random_uuid(), $1::uuid, 'pseudonymise')`,
      [incident.id],
    );
    const refused = await rejection(reopenIncident(db, incident.id, { reason: "Too late" }, analyst));
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toContain("can no longer be reopened");
    expect((await db.prisma.incident.findUniqueOrThrow({ where: { id: incident.id } })).status).toBe("closed");
  });
});

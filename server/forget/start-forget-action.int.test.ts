import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startForgetStepAction } from "../../app/(dashboard)/incidents/[slug]/close/actions";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { routeTest } from "../../test/route-test-stubs";
import { createTestIncident, createTestStaff } from "../timeline/test-fixtures";

// The close page's "forget now", below the session: who may, the second
// factor, what it refuses, and that a second click records nothing new.

const CODE = "246810";
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock(import("../db"), async (importOriginal) =>
  (await import("../../test/route-test-stubs")).withTestDb(await importOriginal()),
);
vi.mock(import("../auth/step-up"), async (importOriginal) => {
  const original = await importOriginal();
  return {
    ...original,
    // A session whose second factor is not recent: only the typed code passes.
    requireRecentSecondFactor: async ({ code }: { code?: string | null } = {}) => {
      if (code !== CODE) throw new original.StepUpRequiredError({ method: "totp" });
    },
  };
});
vi.mock("../auth/session", async () => ({
  authorize: (await import("../../test/route-test-stubs")).authorizeTestUser,
}));

describe.each(testDbKinds())("starting forgetting from the close page on %s", (kind) => {
  let db: TestDb;
  let admin: { id: string; email: string; name: string };
  let analyst: { id: string; email: string; name: string };

  beforeAll(async () => {
    db = await openTestDb(kind);
    routeTest.db = db;
    admin = await createTestStaff(db, "Ada Admin");
    analyst = await createTestStaff(db, "Ana Analyst");
  });
  afterAll(async () => {
    routeTest.db = null;
    routeTest.user = null;
    await db?.cleanup();
  });

  async function incident(status: "open" | "closed") {
    const created = await createTestIncident(db);
    if (status === "closed")
      await db.sql.run(`UPDATE incidents SET status = 'closed', closed_at = now() WHERE id = $1::uuid`, [created.id]);
    return created;
  }

  const runsOf = (incidentId: string) =>
    db.sql.query<{ step: string; status: string }>(
      `SELECT step::text, status FROM incident_forget_runs WHERE incident_id = $1::uuid ORDER BY created_at`,
      [incidentId],
    );
  const startedEntries = (incidentId: string) =>
    db.sql.query<{ actor_id: string | null; detail: unknown }>(
      `SELECT actor_id::text, detail FROM audit_log WHERE incident_id = $1::uuid AND action = 'incident.forget_started'`,
      [incidentId],
    );

  it("is refused to a security analyst, who may close but not forget early", async () => {
    const closed = await incident("closed");
    routeTest.user = { ...analyst, role: "security_analyst" };
    expect(await startForgetStepAction(closed.slug, "pseudonymise", CODE)).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    expect(await runsOf(closed.id)).toEqual([]);
  });

  it("asks an admin for a recent second factor, then starts pseudonymisation once", async () => {
    const closed = await incident("closed");
    routeTest.user = { ...admin, role: "admin" };
    expect(await startForgetStepAction(closed.slug, "pseudonymise")).toMatchObject({
      ok: false,
      stepUp: { method: "totp" },
    });
    expect(await runsOf(closed.id)).toEqual([]);

    expect(await startForgetStepAction(closed.slug, "pseudonymise", CODE)).toMatchObject({
      ok: true,
      message: expect.stringContaining("Pseudonymisation started"),
    });
    expect(await startForgetStepAction(closed.slug, "pseudonymise", CODE)).toMatchObject({
      ok: true,
      message: expect.stringContaining("Already started"),
    });
    expect(await runsOf(closed.id)).toEqual([{ step: "pseudonymise", status: "queued" }]);
    expect(await startedEntries(closed.id)).toEqual([{ actor_id: admin.id, detail: { step: "pseudonymise" } }]);
  });

  it("refuses erasure before pseudonymisation, an open incident, and an unknown step", async () => {
    routeTest.user = { ...admin, role: "admin" };
    const closed = await incident("closed");
    expect(await startForgetStepAction(closed.slug, "erase", CODE)).toMatchObject({
      ok: false,
      code: "CONFLICT",
      message: expect.stringContaining("not pseudonymised yet"),
    });
    const open = await incident("open");
    expect(await startForgetStepAction(open.slug, "pseudonymise", CODE)).toMatchObject({
      ok: false,
      code: "CONFLICT",
      message: expect.stringContaining("is not closed"),
    });
    expect(await startForgetStepAction(closed.slug, "everything", CODE)).toMatchObject({ ok: false });
    expect([...(await runsOf(closed.id)), ...(await runsOf(open.id))]).toEqual([]);
  });

  it("starts erasure once the incident is pseudonymised", async () => {
    routeTest.user = { ...admin, role: "admin" };
    const closed = await incident("closed");
    await db.sql.run(`UPDATE incidents SET pseudonymised_at = now() WHERE id = $1::uuid`, [closed.id]);
    expect(await startForgetStepAction(closed.slug, "erase", CODE)).toMatchObject({
      ok: true,
      message: expect.stringContaining("Erasure started"),
    });
    expect(await runsOf(closed.id)).toEqual([{ step: "erase", status: "queued" }]);
  });
});

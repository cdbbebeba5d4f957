import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forgetJobs } from "../server/forget/forget-jobs";
import { startForgetRun } from "../server/forget/start-forget-run";
import { drainForgetting } from "../server/workers/work";
import { SweepRegistry } from "../server/jobs/sweeps";
import { openTestDb, openTestDbWithRoles, testDbKinds, type RolesTestDb, type TestDb } from "./db";
import { createForgetFixture } from "./forget-fixture";

// The retention schedule: the worker's sweeps start each step when its date
// has come, once per incident and step, and only on a closed incident.

describe.each(testDbKinds())("the forget sweeps on %s", { timeout: 120_000 }, (kind) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(kind);
  });
  afterAll(() => db.cleanup());

  const sweep = (at: Date) => new SweepRegistry().add(...forgetJobs().sweeps).run(db, at);
  const runs = async (incidentId: string) =>
    (
      await db.sql.query<{ step: string }>(
        `SELECT step::text FROM incident_forget_runs WHERE incident_id = $1::uuid ORDER BY created_at`,
        [incidentId],
      )
    ).map((r) => r.step);

  it("starts pseudonymisation when its date has come, once; erasure only after it, when its own date has come", async () => {
    const f = await createForgetFixture(db, 20, { notices: 0 });
    const pseudonymiseAt = new Date(Date.now() + 3_600_000);
    await db.sql.run(`UPDATE incidents SET pseudonymise_at = $2::timestamptz WHERE id = $1::uuid`, [
      f.incident.id,
      pseudonymiseAt.toISOString(),
    ]);
    await sweep(new Date());
    expect(await runs(f.incident.id)).toEqual([]);
    const later = new Date(pseudonymiseAt.getTime() + 1000);
    expect((await sweep(later)).pseudonymiseDue).toBe(1);
    expect((await sweep(later)).pseudonymiseDue).toBe(0);
    expect(await runs(f.incident.id)).toEqual(["pseudonymise"]);
    // Past the erasure date but not pseudonymised yet: nothing.
    const afterErase = new Date(Date.now() + 6 * 365 * 24 * 3_600_000);
    expect((await sweep(afterErase)).eraseDue).toBe(0);
    await db.sql.run(`UPDATE incidents SET pseudonymised_at = now() WHERE id = $1::uuid`, [f.incident.id]);
    expect((await sweep(later)).eraseDue).toBe(0);
    expect((await sweep(afterErase)).eraseDue).toBe(1);
    expect(await runs(f.incident.id)).toEqual(["pseudonymise", "erase"]);
  });

  it("leaves an incident that is not closed alone", async () => {
    const f = await createForgetFixture(db, 10, { notices: 0 });
    await db.sql.run(`UPDATE incidents SET status = 'open' WHERE id = $1::uuid`, [f.incident.id]);
    await sweep(new Date(Date.now() + 3_600_000));
    expect(await runs(f.incident.id)).toEqual([]);
  });
});

describe.runIf(testDbKinds().includes("postgres"))(
  "forgetting as the app's own database role on PostgreSQL",
  { timeout: 120_000 },
  () => {
    let db: RolesTestDb;
    beforeAll(async () => {
      db = await openTestDbWithRoles();
    });
    afterAll(() => db.cleanup());

    it("pseudonymises and erases with the role production runs as", async () => {
      const f = await createForgetFixture(db, 50, { notices: 5 });
      await startForgetRun(db, { slug: f.incident.slug, step: "pseudonymise" }, null);
      expect(await drainForgetting(db)).toBeGreaterThan(f.rows.leaked_recipients);
      await startForgetRun(db, { slug: f.incident.slug, step: "erase" }, null);
      await drainForgetting(db);
      const [left] = await db.sql.query<{ n: number }>(
        `SELECT (SELECT count(*) FROM leaked_recipients WHERE incident_id = $1::uuid)::int AS n`,
        [f.incident.id],
      );
      expect(Number(left!.n)).toBe(0);
    });
  },
);

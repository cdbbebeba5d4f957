import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forgetJobs } from "../server/forget/forget-jobs";
import { SweepRegistry } from "../server/jobs/sweeps";
import { openTestDb, testDbKinds, type TestDb } from "./db";
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

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startForgetRun } from "../server/forget/start-forget-run";
import { createTestIncident } from "../server/timeline/test-fixtures";
import { drainForgetting } from "../server/workers/work";
import { openTestDb, testDbKinds, type TestDb } from "./db";
import { createForgetFixture } from "./forget-fixture";

// A security event is stored once, with the incident whose file brought it,
// and every incident exposing the account shows it. Forgetting the first
// incident must leave the others their accounts' events.

describe.each(testDbKinds())("forgetting an incident whose security events other incidents show, on %s", { timeout: 120_000 }, (kind) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(kind);
  });
  afterAll(() => db.cleanup());

  type Event = { account_id: number; incident_id: string | null; detail: string | null; ip: string | null };
  const eventsOf = (accounts: number[]) =>
    db.sql.query<Event>(
      `SELECT account_id, incident_id::text AS incident_id, detail, ip FROM security_events
        WHERE account_id = ANY($1::int[]) AND kind = 'password_change' ORDER BY account_id`,
      [accounts],
    );
  const countsOf = async (incidentId: string, step: string) => {
    const [run] = await db.sql.query<{ counts: Record<string, number> }>(
      `SELECT counts FROM incident_forget_runs WHERE incident_id = $1::uuid AND step = $2::"ForgetStep"`,
      [incidentId, step],
    );
    return run!.counts;
  };
  /** Exposes the account in the incident, as an import of a list naming it would. */
  const expose = (incidentId: string, accountId: number) =>
    db.sql.run(
      `WITH m AS (INSERT INTO leak_messages (incident_id, batch_key, recipient_count) VALUES ($1::uuid, 'list-' || $2::int, 1) RETURNING id)
       INSERT INTO triage_entries (incident_id, email_normalized, email_original, account_id, external_id, first_message_id,
                                   exposure_count, seen_by, risk_tier, risk_sort, risk_rules)
       SELECT $1::uuid, t.email_normalized, t.email_original, t.account_id, t.external_id, m.id, 1, 0, t.risk_tier, t.risk_sort, t.risk_rules
         FROM triage_entries t, m WHERE t.account_id = $2::int LIMIT 1`,
      [incidentId, accountId],
    );

  it("passes them to an incident that still exposes the account, details and all, and forgets the rest", async () => {
    const f = await createForgetFixture(db, 20, { notices: 0 });
    const accounts = (
      await db.sql.query<{ account_id: number }>(
        `SELECT account_id FROM triage_entries WHERE incident_id = $1::uuid AND account_id IS NOT NULL ORDER BY id LIMIT 4`,
        [f.incident.id],
      )
    ).map((r) => r.account_id);
    const [shared, alone, exposedLater, forgottenElsewhere] = accounts as [number, number, number, number];
    await db.sql.run(
      `INSERT INTO security_events (incident_id, account_id, kind, occurred_at, ip, detail)
       SELECT $1::uuid, a, 'password_change', now() - interval '1 day', '198.51.100.7', 'from the app' FROM unnest($2::int[]) a
       ON CONFLICT DO NOTHING`,
      [f.incident.id, accounts],
    );
    // A second incident, still open, exposes one of the accounts; a third, closed and being forgotten, another.
    const open = await createTestIncident(db);
    await expose(open.id, shared);
    const closing = await createTestIncident(db);
    await expose(closing.id, forgottenElsewhere);
    await db.sql.run(`UPDATE incidents SET status = 'closed', closed_at = now() WHERE id = $1::uuid`, [closing.id]);
    await startForgetRun(db, { slug: f.incident.slug, step: "pseudonymise" }, null);
    await startForgetRun(db, { slug: closing.slug, step: "pseudonymise" }, null);
    await drainForgetting(db);

    const kept = { incident_id: open.id, detail: "from the app", ip: "198.51.100.7" };
    const gone = { incident_id: f.incident.id, detail: null, ip: null };
    expect(await eventsOf(accounts)).toEqual(
      [
        { account_id: shared, ...kept },
        { account_id: alone, ...gone },
        { account_id: exposedLater, ...gone },
        { account_id: forgottenElsewhere, ...gone },
      ].sort((a, b) => a.account_id - b.account_id),
    );

    // Counted apart from what was cleared (the fixture's own event on the shared account passed too).
    expect(await countsOf(f.incident.id, "pseudonymise")).toMatchObject({ security_events: 3, kept: { security_events: 2 } });

    // A later incident's list names another account before erasure: its event stays too.
    await expose(open.id, exposedLater);
    await startForgetRun(db, { slug: f.incident.slug, step: "erase" }, null);
    await drainForgetting(db);
    expect(await eventsOf(accounts)).toEqual(
      [
        { account_id: shared, ...kept },
        { account_id: exposedLater, incident_id: open.id, detail: null, ip: null },
      ].sort((a, b) => a.account_id - b.account_id),
    );
    expect(await countsOf(f.incident.id, "erase")).toMatchObject({ security_events: 2, kept: { security_events: 1 } });
  });
});

import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import type { SqlQueryable } from "../db/driver";
import { AppError } from "../errors";
import { rebuildTriage } from "../triage/rebuild-triage";
import { refreshIncidentStats } from "./refresh-incident-stats";

const AWARE_AT = "2019-11-07T09:12:00Z";

async function createIncident(sql: SqlQueryable, slug: string): Promise<string> {
  const id = randomUUID();
  await sql.query(
    `INSERT INTO incidents (id, slug, title, leak_started_at, aware_at, updated_at)
     VALUES ($1, $2, $2, '2019-11-07T08:30:00Z', $3, now())`,
    [id, slug, AWARE_AT],
  );
  return id;
}

async function createAccounts(sql: SqlQueryable, names: string[]): Promise<Record<string, number>> {
  const rows = await sql.query<{ id: number; external_id: string }>(
    `INSERT INTO customer_accounts (external_id, email, email_normalized)
     SELECT n, n || '@example.com', n || '@example.com' FROM unnest($1::text[]) AS n
     RETURNING id, external_id`,
    [names],
  );
  return Object.fromEntries(rows.map((r) => [r.external_id, r.id]));
}

async function addEvent(sql: SqlQueryable, accountId: number, kind: string, at: string): Promise<void> {
  await sql.query(
    `INSERT INTO security_events (account_id, kind, occurred_at) VALUES ($1, $2::text::"SecurityEventKind", $3)`,
    [accountId, kind, at],
  );
}

async function stats(sql: SqlQueryable, incidentId: string): Promise<Record<string, number>> {
  const [row] = await sql.query<Record<string, number>>(
    `SELECT leaked_recipients, unique_addresses, matched_accounts, messages, open_actions, completed_actions,
            active_holds, changed_after_t0
       FROM incident_stats WHERE incident_id = $1`,
    [incidentId],
  );
  if (!row) throw new Error("no incident_stats row");
  return row;
}

describe.each(testDbKinds())("refreshIncidentStats on %s", (kind) => {
  let db: TestDb;
  let incidentId: string;
  let otherIncidentId: string;
  let acc: Record<string, number>;

  beforeAll(async () => {
    db = await openTestDb(kind);
    const { sql } = db;
    incidentId = await createIncident(sql, "under-test");
    otherIncidentId = await createIncident(sql, "other");
    acc = await createAccounts(sql, ["a", "b", "c", "d", "e", "f", "g", "h", "x"]);

    // Two messages; "a" is in both, "ghost" has no account.
    const messages = await sql.query<{ id: number }>(
      `INSERT INTO leak_messages (incident_id, batch_key) VALUES ($1, 'm1'), ($1, 'm2') RETURNING id`,
      [incidentId],
    );
    const [m1, m2] = messages.map((m) => m.id);
    await sql.query(
      `INSERT INTO leaked_recipients (incident_id, message_id, email_original, email_normalized, account_id)
       SELECT $1, u.message_id, u.email, lower(u.email), u.account_id
         FROM unnest($2::int[], $3::text[], $4::int[]) AS u(message_id, email, account_id)`,
      [
        incidentId,
        [m1, m2, m1, m1, m2],
        ["a@example.com", "A@example.com", "b@example.com", "ghost@example.com", "c@example.com"],
        [acc.a, acc.a, acc.b, null, acc.c],
      ],
    );
    // Addresses and matched accounts are counted on the triage rows.
    await rebuildTriage(sql, incidentId);
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("counts recipients, addresses, accounts and messages", async () => {
    await refreshIncidentStats(db.sql, incidentId);
    expect(await stats(db.sql, incidentId)).toEqual({
      leaked_recipients: 5,
      unique_addresses: 4,
      matched_accounts: 3,
      messages: 2,
      open_actions: 0,
      completed_actions: 0,
      active_holds: 0,
      changed_after_t0: 0,
    });
  });

  it("counts only exposed accounts with a security change strictly after T0", async () => {
    const { sql } = db;
    await addEvent(sql, acc.a!, "password_change", "2019-11-07T10:00:00Z");
    await addEvent(sql, acc.a!, "email_change", "2019-11-07T10:05:00Z"); // same account: counted once
    await addEvent(sql, acc.b!, "password_change", AWARE_AT); // at T0 exactly: not after
    await addEvent(sql, acc.b!, "login_failed", "2019-11-07T11:00:00Z"); // not a change
    await addEvent(sql, acc.c!, "withdrawal_address_change", "2019-11-07T09:00:00Z"); // before T0
    await addEvent(sql, acc.x!, "password_change", "2019-11-07T12:00:00Z"); // not exposed
    // As the events import does: the triage rows carry each account's events after T0.
    await rebuildTriage(sql, incidentId);
    await refreshIncidentStats(sql, incidentId);
    expect((await stats(sql, incidentId)).changed_after_t0).toBe(1);

    await addEvent(sql, acc.c!, "two_factor_change", "2019-11-08T09:00:00Z");
    await rebuildTriage(sql, incidentId);
    await refreshIncidentStats(sql, incidentId);
    expect((await stats(sql, incidentId)).changed_after_t0).toBe(2);
  });

  it("counts open and completed work items and the holds not yet ended", async () => {
    const { sql } = db;
    const bulk = async (incident: string, status: string, items: [number, string][]) => {
      const [row] = await sql.query<{ id: string }>(
        `INSERT INTO bulk_actions (id, incident_id, kind, status, selection, reason, total, needs_approval)
         VALUES (gen_random_uuid(), $1, 'withdrawal_hold', $2::text::"BulkActionStatus", '{}', 'test', $3, false) RETURNING id`,
        [incident, status, items.length],
      );
      await sql.query(
        `INSERT INTO bulk_action_items (bulk_action_id, seq, account_id, status)
         SELECT $1, u.ord, u.account_id, u.status::"WorkItemStatus"
           FROM unnest($2::int[], $3::text[]) WITH ORDINALITY AS u(account_id, status, ord)`,
        [row!.id, items.map((i) => i[0]), items.map((i) => i[1])],
      );
    };
    await bulk(incidentId, "running", [[acc.a!, "succeeded"], [acc.b!, "queued"], [acc.c!, "failed"]]);
    await bulk(incidentId, "cancelled", [[acc.d!, "cancelled"], [acc.e!, "queued"]]); // cancelled: not open
    await bulk(incidentId, "pending_approval", [[acc.e!, "queued"]]); // not approved yet: not open
    await bulk(incidentId, "completed", [[acc.g!, "succeeded"], [acc.h!, "skipped"]]);
    await bulk(otherIncidentId, "running", [[acc.f!, "queued"], [acc.x!, "succeeded"]]);
    const hold = (account: number, status: string, until: string | null) =>
      sql.query(
        `INSERT INTO account_remediation (incident_id, account_id, hold_status, hold_until)
         VALUES ($1, $2, $3::text::"HoldState", $4::timestamptz)`,
        [incidentId, account, status, until],
      );
    await hold(acc.a!, "active", null);
    await hold(acc.b!, "active", "2999-01-01T00:00:00Z");
    await hold(acc.c!, "active", "2019-11-10T00:00:00Z"); // past its expiry: counted until the holds sweep ends it
    await hold(acc.g!, "released", null);
    await refreshIncidentStats(sql, incidentId);
    expect(await stats(sql, incidentId)).toMatchObject({ open_actions: 1, completed_actions: 2, active_holds: 3 });
  });

  it("rejects an incident that does not exist", async () => {
    await expect(refreshIncidentStats(db.sql, randomUUID())).rejects.toBeInstanceOf(AppError);
  });
});

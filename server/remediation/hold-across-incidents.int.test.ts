import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { untilWaiting } from "../../test/lock-waits";
import { resetEnvCache } from "../env";
import { drainWork } from "../workers/work";
import { requestBulkAction } from "./request-bulk-action";
import { runSingleAction } from "./single-action";
import { createRemediationFixture, exposeInAnotherIncident } from "./test-fixtures";

// An account is held in one incident at a time (the exchange keeps one hold
// per account). Two incidents' batches holding the same accounts at the same
// moment must not both pass that check: each reads the other's holds only
// once they are committed. PostgreSQL only: PGlite has one connection, so no
// two batches ever run at once there.

describe.skipIf(!testDbKinds().includes("postgres"))("holds from two incidents at once on PostgreSQL", () => {
  let db: TestDb;
  let other: pg.Client;

  beforeAll(async () => {
    vi.stubEnv("BREACHDESK_APPROVAL_THRESHOLD", "100");
    resetEnvCache();
    db = await openTestDb("postgres");
    other = new pg.Client({ connectionString: db.url });
    await other.connect();
  });
  afterAll(async () => {
    await other?.end();
    await db?.cleanup();
    vi.unstubAllEnvs();
    resetEnvCache();
  });

  it("makes the second incident's hold wait while the first one's batch is between its check and its commit", async () => {
    const f = await createRemediationFixture(db, 10);
    const second = await exposeInAnotherIncident(db, f);
    const hold = { kind: "withdrawal_hold", reason: "Exposed" } as const;
    const first = await requestBulkAction(db, f.incident, { ...hold, selection: { kind: "filter", query: "" } }, f.requester);
    expect(first.status).toBe("running");
    // The first incident's batch will stop at its action's counters, its holds written but not committed.
    await other.query("BEGIN");
    await other.query("SELECT id FROM bulk_actions WHERE id = $1::uuid FOR UPDATE", [first.id]);
    const draining = drainWork(db);
    await untilWaiting(other, 1);

    // Meanwhile the second incident holds one of those accounts. It must not
    // pass: it goes back to the queue (or, without the lock that makes it,
    // waits for the first incident's hold at the provider and then holds too).
    const account = f.accountIds[4]!;
    let settled = false;
    const meanwhile = runSingleAction(db, second, account, hold, f.requester).finally(() => (settled = true));
    await untilWaiting(other, 2, () => settled);
    await other.query("COMMIT");
    expect((await meanwhile).status).toBe("queued");
    const [waiting] = await db.sql.query<{ last_error: string }>(
      `SELECT last_error FROM bulk_action_items WHERE bulk_action_id = $1::uuid`,
      [(await meanwhile).bulkActionId],
    );
    expect(waiting!.last_error).toMatch(/waits its turn/);
    await draining;
    await drainWork(db);
    const [item] = await db.sql.query<{ status: string; last_error: string | null }>(
      `SELECT status::text AS status, last_error FROM bulk_action_items WHERE bulk_action_id = $1::uuid`,
      [(await meanwhile).bulkActionId],
    );
    expect(item).toEqual({ status: "skipped", last_error: "held_in_another_incident" });
    const holds = await db.sql.query<{ incident_id: string; n: number }>(
      `SELECT incident_id::text AS incident_id, count(*)::int AS n FROM withdrawal_holds
        WHERE account_id = ANY($1::int[]) AND status = 'active' GROUP BY incident_id`,
      [f.accountIds],
    );
    expect(holds).toEqual([{ incident_id: f.incident.id, n: 10 }]);
  });
});

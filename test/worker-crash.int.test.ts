import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../server/audit/verify-audit-chain";
import { testDbKinds } from "./db";
import { crashTestDatabase, crashWorkSettings, requestCrashTestBulkAction } from "./crash-database";
import { breachdesk } from "./run-cli";

// Crash safety, with real processes: a worker (or a CLI pausing or cancelling)
// is SIGKILLed at a chosen point, announced by the process itself on stderr
// (BREACHDESK_CRASH_AT, server/jobs/crash-point.ts), with its transaction
// open. Then a fresh worker runs to the end, and the database must show every
// account acted on exactly once: no item missed, no side effect repeated,
// the audit chain intact.

const ACCOUNTS = 240;

describe.each(testDbKinds())("a worker killed with SIGKILL on %s", { timeout: 240_000 }, (kind) => {
  let env: Record<string, string>;
  let bulkId: string;
  let as: string[];

  const database = crashTestDatabase(kind, "crash test");
  const withDb = database.withDb;

  beforeAll(async () => {
    // The request is made in this process, the work in the children.
    await database.open(crashWorkSettings(40));
    env = database.env;
  });
  afterAll(async () => {
    await database.close();
  });
  beforeEach(async () => {
    const requested = await withDb((db) =>
      requestCrashTestBulkAction(db, ACCOUNTS, { kind: "withdrawal_hold", holdHours: 72 }),
    );
    bulkId = requested.bulkId;
    as = ["--as", requested.requesterEmail];
  });

  /** Every account acted on once: effects, items, holds, counters and the audit chain agree. */
  async function expectExactlyOnce(): Promise<void> {
    await withDb(async (db) => {
      const [row] = await db.sql.query<Record<string, number | string>>(
        `SELECT (SELECT count(*)::int FROM provider_effects) AS effects,
                (SELECT coalesce(sum(repeats), 0)::int FROM provider_effects) AS repeats,
                (SELECT count(DISTINCT account_id)::int FROM provider_effects) AS accounts,
                (SELECT count(*)::int FROM bulk_action_items WHERE status = 'succeeded') AS succeeded,
                (SELECT count(*)::int FROM bulk_action_items WHERE status <> 'succeeded') AS other,
                (SELECT count(*)::int FROM withdrawal_holds WHERE status = 'active') AS holds,
                (SELECT count(*)::int FROM audit_log WHERE action = 'remediation.withdrawal_hold_placed') AS audited,
                (SELECT status::text FROM bulk_actions WHERE id = $1) AS status,
                (SELECT succeeded FROM bulk_actions WHERE id = $1) AS counted`,
        [bulkId],
      );
      expect(row).toEqual({
        effects: ACCOUNTS,
        repeats: 0,
        accounts: ACCOUNTS,
        succeeded: ACCOUNTS,
        other: 0,
        holds: ACCOUNTS,
        audited: ACCOUNTS,
        status: "completed",
        counted: ACCOUNTS,
      });
      expect((await verifyAuditChain(db.sql)).ok).toBe(true);
    });
  }

  async function drain(): Promise<void> {
    const run = await breachdesk(env, ["worker", "--drain"]);
    expect(run.code, run.stderr).toBe(0);
  }

  for (const point of ["claim", "after-effect", "audit"]) {
    it(`finishes every account exactly once after a kill at "${point}"`, async () => {
      const killed = await breachdesk(env, ["worker", "--drain"], point);
      expect(killed.crashed, killed.stderr).toBe(true);
      expect(killed.signal).toBe("SIGKILL");
      await drain();
      await expectExactlyOnce();
    });
  }

  it("a kill in the middle of a pause leaves the action running; paused, nothing runs until resumed", async () => {
    const killed = await breachdesk(env, ["bulk", "pause", bulkId, ...as], "pause");
    expect(killed.crashed, killed.stderr).toBe(true);
    await withDb(async (db) =>
      expect((await db.prisma.bulkAction.findUniqueOrThrow({ where: { id: bulkId } })).status).toBe("running"),
    );
    expect((await breachdesk(env, ["bulk", "pause", bulkId, ...as])).code).toBe(0);
    const idle = await breachdesk(env, ["worker", "--drain"]);
    expect(JSON.parse(idle.stdout.trim().split("\n").at(-1)!)).toMatchObject({ batches: 0 });
    expect((await breachdesk(env, ["bulk", "resume", bulkId, ...as])).code).toBe(0);
    await drain();
    await expectExactlyOnce();
  });

  it("a kill in the middle of a cancel cancels nothing; the work then finishes", async () => {
    const killed = await breachdesk(env, ["bulk", "cancel", bulkId, ...as], "cancel");
    expect(killed.crashed, killed.stderr).toBe(true);
    await withDb(async (db) => {
      const cancelled = await db.prisma.bulkActionItem.count({ where: { bulkActionId: bulkId, status: "cancelled" } });
      expect(cancelled).toBe(0);
    });
    await drain();
    await expectExactlyOnce();
  });

  if (kind === "postgres") {
    it("two worker processes on one database never take the same item", async () => {
      const [a, b] = await Promise.all([
        breachdesk(env, ["worker", "--drain"]),
        breachdesk(env, ["worker", "--drain"]),
      ]);
      expect([a.code, b.code]).toEqual([0, 0]);
      const batches = [a, b].map(
        (run) => (JSON.parse(run.stdout.trim().split("\n").at(-1)!) as { batches: number }).batches,
      );
      expect(batches[0]! + batches[1]!).toBe(ACCOUNTS / 40);
      await expectExactlyOnce();
    });
  }
});

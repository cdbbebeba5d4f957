import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../server/audit/verify-audit-chain";
import { startExchangeSim, type ExchangeSim } from "../tools/exchange-sim/exchange-sim";
import { testDbKinds } from "./db";
import { crashTestDatabase, crashWorkSettings, requestCrashTestBulkAction } from "./crash-database";
import { breachdesk } from "./run-cli";

// Crash safety against the exchange: a worker process using the HTTP provider
// is SIGKILLed just before it calls the exchange, and just after the exchange
// acted but before Breachdesk recorded it. A fresh worker then finishes the
// work, and the exchange's own counters must show every account's reset
// applied exactly once (the repeated calls answered from its idempotency
// record), with Breachdesk's items, state and audit chain in agreement.

const ACCOUNTS = 200;
const SECRET = "crash-test-secret-0123456789abcdef";

describe.each(testDbKinds())(
  "a worker calling the exchange, killed with SIGKILL, on %s",
  { timeout: 240_000 },
  (kind) => {
    let env: Record<string, string>;
    let sim: ExchangeSim;
    let bulkId: string;
    let requesterEmail: string;

    const database = crashTestDatabase(kind, "exchange crash test");
    const withDb = database.withDb;

    beforeAll(async () => {
      await database.open(crashWorkSettings(50));
      env = database.env;
    });
    afterAll(async () => {
      await database.close();
    });
    beforeEach(async () => {
      sim = await startExchangeSim({ secrets: [SECRET] });
      env = {
        ...env,
        BREACHDESK_PROVIDER: "http",
        BREACHDESK_EXCHANGE_URL: sim.url,
        BREACHDESK_EXCHANGE_SECRETS: SECRET,
        BREACHDESK_EXCHANGE_ITEMS_PER_CALL: "20",
        BREACHDESK_EXCHANGE_BACKOFF_BASE_MS: "5",
        BREACHDESK_EXCHANGE_BACKOFF_CAP_MS: "50",
      };
      ({ bulkId, requesterEmail } = await withDb((db) =>
        requestCrashTestBulkAction(db, ACCOUNTS, { kind: "password_reset" }),
      ));
    });
    afterEach(async () => {
      await sim.close();
    });

    async function expectExactlyOnce(): Promise<void> {
      const counters = sim.counters();
      expect(counters.effectsApplied.password_reset).toBe(ACCOUNTS);
      expect(counters.maxAppliedPerAccount).toBe(1);
      expect(counters.repeatedEffects).toBe(0);
      await withDb(async (db) => {
        const [row] = await db.sql.query<Record<string, number | string>>(
          `SELECT (SELECT count(*)::int FROM bulk_action_items WHERE bulk_action_id = $1 AND status = 'succeeded') AS succeeded,
                (SELECT count(*)::int FROM bulk_action_items WHERE bulk_action_id = $1 AND status <> 'succeeded') AS other,
                (SELECT count(*)::int FROM account_remediation WHERE reset_status = 'sent') AS sent,
                (SELECT count(*)::int FROM audit_log WHERE action = 'remediation.password_reset_forced') AS audited,
                (SELECT status::text FROM bulk_actions WHERE id = $1) AS status,
                (SELECT succeeded FROM bulk_actions WHERE id = $1) AS counted`,
          [bulkId],
        );
        expect(row).toEqual({
          succeeded: ACCOUNTS,
          other: 0,
          sent: ACCOUNTS,
          audited: ACCOUNTS,
          status: "completed",
          counted: ACCOUNTS,
        });
        expect((await verifyAuditChain(db.sql)).ok).toBe(true);
      });
    }

    it('after a kill just before the call ("exchange-call"), nothing was sent twice', async () => {
      const killed = await breachdesk(env, ["worker", "--drain", "--concurrency", "1"], "exchange-call");
      expect(killed.crashed, killed.stderr).toBe(true);
      expect(killed.signal).toBe("SIGKILL");
      // Killed with its items marked in progress and its resets "requested".
      await withDb(async (db) => {
        const [row] = await db.sql.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM account_remediation WHERE reset_status = 'requested'`,
        );
        expect(Number(row!.n)).toBe(50);
      });
      expect(sim.counters().effectsApplied.password_reset).toBe(0);
      const run = await breachdesk(env, ["worker", "--drain"]);
      expect(run.code, run.stderr).toBe(0);
      await expectExactlyOnce();
    });

    it('after a kill once the exchange acted but before Breachdesk recorded it ("after-effect"), the exchange refused the repeats', async () => {
      const killed = await breachdesk(env, ["worker", "--drain", "--concurrency", "1"], "after-effect");
      expect(killed.crashed, killed.stderr).toBe(true);
      // The exchange acted on the first batch; Breachdesk has no record of it yet.
      expect(sim.counters().effectsApplied.password_reset).toBe(50);
      await withDb(async (db) => {
        const [row] = await db.sql.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM bulk_action_items WHERE bulk_action_id = $1 AND status = 'succeeded'`,
          [bulkId],
        );
        expect(Number(row!.n)).toBe(0);
      });
      const run = await breachdesk(env, ["worker", "--drain"]);
      expect(run.code, run.stderr).toBe(0);
      await expectExactlyOnce();
      expect(sim.counters().duplicatesRefused).toBe(50);
    });

    it("a cancel after a kill once the exchange acted: the next worker records what the exchange did and finishes the action", async () => {
      const killed = await breachdesk(env, ["worker", "--drain", "--concurrency", "1"], "after-effect");
      expect(killed.crashed, killed.stderr).toBe(true);
      expect(sim.counters().effectsApplied.password_reset).toBe(50);
      // The killed worker's batch is still leased, its items in progress: the cancel leaves them to whoever takes it over.
      const cancel = await breachdesk(env, ["bulk", "cancel", bulkId, "--as", requesterEmail]);
      expect(cancel.code, cancel.stderr).toBe(0);
      const run = await breachdesk(env, ["worker", "--drain"]);
      expect(run.code, run.stderr).toBe(0);
      expect(sim.counters().effectsApplied.password_reset).toBe(50);
      expect(sim.counters().duplicatesRefused).toBe(50);
      await withDb(async (db) => {
        const [row] = await db.sql.query<Record<string, number | string | boolean>>(
          `SELECT (SELECT count(*)::int FROM bulk_action_items WHERE bulk_action_id = $1 AND status = 'succeeded') AS succeeded,
                  (SELECT count(*)::int FROM bulk_action_items WHERE bulk_action_id = $1 AND status = 'cancelled') AS cancelled,
                  (SELECT count(*)::int FROM bulk_action_items WHERE bulk_action_id = $1 AND status NOT IN ('succeeded', 'cancelled')) AS other,
                  (SELECT count(*)::int FROM account_remediation WHERE reset_status = 'sent') AS sent,
                  (SELECT status::text || ' ' || succeeded || ' ' || cancelled || ' ' || (finished_at IS NOT NULL) FROM bulk_actions WHERE id = $1) AS action,
                  (SELECT count(*)::int FROM audit_log WHERE target_id = $1::text AND action = 'bulk_action.cancelled') AS "cancelledEntries",
                  (SELECT count(*)::int FROM audit_log WHERE target_id = $1::text AND action = 'bulk_action.finished' AND actor_id IS NULL) AS "finishedEntries"`,
          [bulkId],
        );
        expect(row).toEqual({
          succeeded: 50,
          cancelled: ACCOUNTS - 50,
          other: 0,
          sent: 50,
          action: `cancelled 50 ${ACCOUNTS - 50} true`,
          cancelledEntries: 1,
          finishedEntries: 1,
        });
        expect((await verifyAuditChain(db.sql)).ok).toBe(true);
      });
    });

    it("a hold batch taken over after the exchange acted sends the same holdUntil again, so the exchange answers from its record", async () => {
      ({ bulkId } = await withDb((db) => requestCrashTestBulkAction(db, ACCOUNTS, { kind: "withdrawal_hold", holdHours: 24 })));
      const killed = await breachdesk(env, ["worker", "--drain", "--concurrency", "1"], "after-effect");
      expect(killed.crashed, killed.stderr).toBe(true);
      expect(sim.counters().effectsApplied.withdrawal_hold).toBe(50);
      const run = await breachdesk(env, ["worker", "--drain"]);
      expect(run.code, run.stderr).toBe(0);
      expect(sim.counters().effectsApplied.withdrawal_hold).toBe(ACCOUNTS);
      expect(sim.counters().duplicatesRefused).toBe(50);
      await withDb(async (db) => {
        const [row] = await db.sql.query<Record<string, number | string>>(
          `SELECT (SELECT count(*)::int FROM bulk_action_items WHERE bulk_action_id = $1 AND status = 'succeeded') AS succeeded,
                  (SELECT count(DISTINCT hold_until)::int FROM account_remediation WHERE hold_status = 'active') AS ends,
                  (SELECT status::text FROM bulk_actions WHERE id = $1) AS status`,
          [bulkId],
        );
        // One end for the whole action: the hold runs from the action's start.
        expect(row).toEqual({ succeeded: ACCOUNTS, ends: 1, status: "completed" });
      });
    });
  },
);

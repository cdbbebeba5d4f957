import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../../test/db";
import { startExchangeSim, type ExchangeSim } from "../../../tools/exchange-sim/exchange-sim";
import { verifyAuditChain } from "../../audit/verify-audit-chain";
import { resetEnvCache } from "../../env";
import { runOneBatch } from "../../remediation/bulk-action-jobs";
import { cancelBulkAction } from "../../remediation/control-bulk-action";
import { requestBulkAction } from "../../remediation/request-bulk-action";
import { extendHold, runSingleAction } from "../../remediation/single-action";
import { createRemediationFixture, exposeInAnotherIncident, itemOutcomes, type RemediationFixture } from "../../remediation/test-fixtures";
import { newWorkerId } from "../../jobs/worker-id";
import { drainWork, sweepExpired } from "../../workers/work";
import type { ExchangeConfig } from "./exchange-config";
import { createHttpProvider, type HttpProviderDeps } from "./http-provider";

// The HTTP provider against the reference exchange, a real HTTP server on
// loopback: every fault kind the exchange can throw, and its own counters as
// the proof that each effect was applied exactly once.

const SECRET = "integration-secret-0123456789abcdef";
const ACCOUNTS = 120;

function config(sim: ExchangeSim, overrides: Partial<ExchangeConfig> = {}): ExchangeConfig {
  return {
    baseUrl: sim.url,
    secrets: [SECRET],
    rateLimit: null,
    concurrency: 4,
    timeoutMs: 2_000,
    itemsPerCall: 25,
    maxAttempts: 6,
    backoffBaseMs: 2,
    backoffCapMs: 20,
    breakerFailures: 50,
    breakerCooldownMs: 30_000,
    ...overrides,
  };
}

/**
 * A door in front of the exchange: it passes every call on unchanged (the
 * signature covers the path and body, not the host), but only once opened,
 * and says when the first call has arrived and when the exchange has
 * answered it. The test acts while the worker's call is in flight.
 */
async function startGate(target: string) {
  let arrive!: () => void;
  const arrived = new Promise<void>((resolve) => (arrive = resolve));
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let forward!: () => void;
  const forwarded = new Promise<void>((resolve) => (forward = resolve));
  const server = http.createServer((request, response) => {
    const body: Buffer[] = [];
    request.on("data", (chunk: Buffer) => body.push(chunk));
    request.on("end", () => {
      arrive();
      void opened
        .then(async () => {
          const headers = Object.fromEntries(
            Object.entries(request.headers).filter(
              (entry): entry is [string, string] =>
                typeof entry[1] === "string" && !["host", "connection", "content-length"].includes(entry[0]),
            ),
          );
          const answer = await fetch(`${target}${request.url}`, {
            method: request.method,
            headers,
            body: request.method === "GET" ? undefined : Buffer.concat(body),
          });
          const answered = Buffer.from(await answer.arrayBuffer());
          forward();
          response.writeHead(answer.status, { "content-type": answer.headers.get("content-type") ?? "application/json" });
          response.end(answered);
        })
        .catch(() => response.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    arrived,
    open,
    forwarded,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // A caller that gave up leaves its connection open: not waited for.
        server.closeAllConnections();
      }),
  };
}

describe.each(testDbKinds())("the HTTP provider against the reference exchange on %s", (kind) => {
  let db: TestDb;
  let sim: ExchangeSim;
  let f: RemediationFixture;

  beforeAll(async () => {
    vi.stubEnv("BREACHDESK_WORK_BATCH_SIZE", "40");
    vi.stubEnv("BREACHDESK_APPROVAL_THRESHOLD", "100000");
    vi.stubEnv("BREACHDESK_WORK_POLL_MS", "20");
    resetEnvCache();
    db = await openTestDb(kind);
  });
  afterAll(async () => {
    await db?.cleanup();
    vi.unstubAllEnvs();
    resetEnvCache();
  });
  beforeEach(async () => {
    await resetTestDb(db);
    f = await createRemediationFixture(db, ACCOUNTS);
  });
  afterEach(async () => {
    await sim?.close();
  });

  async function externalIds(): Promise<string[]> {
    const rows = await db.sql.query<{ external_id: string }>(
      `SELECT c.external_id FROM customer_accounts c ORDER BY c.id`,
    );
    return rows.map((r) => r.external_id);
  }

  async function requestReset() {
    const requested = await requestBulkAction(
      db,
      f.incident,
      { kind: "password_reset", reason: "Exchange test", selection: { kind: "filter", query: "" } },
      f.requester,
    );
    expect(requested.status).toBe("running");
    return requested.id;
  }

  async function itemCounts(bulkId: string) {
    const rows = await db.sql.query<{ status: string; n: number }>(
      `SELECT status::text AS status, count(*)::int AS n FROM bulk_action_items WHERE bulk_action_id = $1::uuid GROUP BY 1`,
      [bulkId],
    );
    return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
  }

  it("applies a bulk reset through batch calls, each effect once, recorded and audited", async () => {
    sim = await startExchangeSim({ secrets: [SECRET] });
    const bulkId = await requestReset();
    await drainWork(db, { provider: createHttpProvider(config(sim)) });
    expect(await itemCounts(bulkId)).toEqual({ succeeded: ACCOUNTS });
    const counters = sim.counters();
    expect(counters.effectsApplied.password_reset).toBe(ACCOUNTS);
    expect(counters.maxAppliedPerAccount).toBe(1);
    expect(counters.requests).toBe(Math.ceil(40 / 25) * Math.ceil(ACCOUNTS / 40));
    const [state] = await db.sql.query<{ sent: number; bulk: string }>(
      `SELECT (SELECT count(*)::int FROM account_remediation WHERE reset_status = 'sent') AS sent,
              (SELECT status::text FROM bulk_actions WHERE id = $1::uuid) AS bulk`,
      [bulkId],
    );
    expect(state).toEqual({ sent: ACCOUNTS, bulk: "completed" });
    expect((await verifyAuditChain(db.sql)).ok).toBe(true);
  });

  it("absorbs every fault kind: 5xx, 429 with Retry-After, dropped connections before and after acting, timeouts", async () => {
    sim = await startExchangeSim({
      secrets: [SECRET],
      faults: {
        script: ["error", "throttle", "drop-before", "drop-after", "slow", "error", "drop-after"],
        errorRate: 0.15,
        throttleRate: 0.05,
        retryAfterSeconds: 0,
        dropRate: 0.05,
        slowMs: 400,
      },
    });
    const bulkId = await requestReset();
    await drainWork(db, { provider: createHttpProvider(config(sim, { timeoutMs: 150 })) });
    expect(await itemCounts(bulkId)).toEqual({ succeeded: ACCOUNTS });
    const counters = sim.counters();
    for (const fault of ["error", "throttle", "drop-before", "drop-after", "slow"]) expect(counters.faults[fault]).toBeGreaterThan(0);
    // Calls repeated after a lost answer were answered from the exchange's record, never applied again.
    expect(counters.duplicatesRefused).toBeGreaterThan(0);
    expect(counters.effectsApplied.password_reset).toBe(ACCOUNTS);
    expect(counters.maxAppliedPerAccount).toBe(1);
    const [retried] = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM bulk_action_items WHERE bulk_action_id = $1::uuid AND attempts > 1`,
      [bulkId],
    );
    expect(Number(retried!.n)).toBeGreaterThan(0);
  });

  it("fails unknown and closed accounts with the exchange's reason, and only them", async () => {
    const ids = await externalIds();
    const unknown = ids.slice(0, 3);
    const closed = ids.slice(3, 5);
    sim = await startExchangeSim({
      secrets: [SECRET],
      autoAccounts: false,
      accounts: ids.slice(5),
      closedAccounts: closed,
    });
    const bulkId = await requestReset();
    await drainWork(db, { provider: createHttpProvider(config(sim)) });
    expect(await itemCounts(bulkId)).toEqual({ succeeded: ACCOUNTS - 5, failed: 5 });
    const failed = await db.sql.query<{ external_id: string; last_error: string; attempts: number; sent: boolean }>(
      `SELECT c.external_id, i.last_error, i.attempts, i.sent FROM bulk_action_items i JOIN customer_accounts c ON c.id = i.account_id
        WHERE i.bulk_action_id = $1::uuid AND i.status = 'failed' ORDER BY c.external_id`,
      [bulkId],
    );
    for (const row of failed) {
      expect(row.last_error).toMatch(unknown.includes(row.external_id) ? /^unknown_account: / : /^account_closed: /);
      // Final: not retried, and nothing of it at the exchange (a retry's hold would not be waited for elsewhere).
      expect(Number(row.attempts)).toBe(1);
      expect(row.sent).toBe(false);
    }
    // The failed accounts' resets are back to "none", not left "requested".
    const [left] = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM account_remediation WHERE reset_status = 'requested'`,
    );
    expect(Number(left!.n)).toBe(0);
  });

  it("a cancel while the exchange is called counts every item once: the batch's skipped items are its own", async () => {
    sim = await startExchangeSim({ secrets: [SECRET] });
    const gate = await startGate(sim.url);
    try {
      const bulkId = await requestReset();
      // The first item's reset was sent meanwhile (by another action, say): the batch will skip it.
      await db.sql.query(
        `INSERT INTO account_remediation (incident_id, account_id, reset_status)
         SELECT $2::uuid, account_id, 'sent' FROM bulk_action_items WHERE bulk_action_id = $1::uuid AND seq = 1
         ON CONFLICT (incident_id, account_id) DO UPDATE SET reset_status = 'sent'`,
        [bulkId, f.incident.id],
      );
      const provider = createHttpProvider(config(sim, { baseUrl: gate.url }));
      const batch = runOneBatch(db, { workerId: newWorkerId("test"), provider });
      await gate.arrived;
      await cancelBulkAction(db, bulkId, f.requester);
      gate.open();
      await batch;
      await drainWork(db, { provider });
      const [row] = await db.sql.query<{ status: string; total: number; succeeded: number; skipped: number; cancelled: number; failed: number }>(
        `SELECT status::text AS status, total, succeeded, skipped, cancelled, failed FROM bulk_actions WHERE id = $1::uuid`,
        [bulkId],
      );
      expect(row).toEqual({ status: "cancelled", total: ACCOUNTS, succeeded: 39, skipped: 1, cancelled: ACCOUNTS - 40, failed: 0 });
      expect(await itemCounts(bulkId)).toEqual({ succeeded: 39, skipped: 1, cancelled: ACCOUNTS - 40 });
    } finally {
      await gate.close();
    }
  });

  describe("an extension and a release of one hold take turns at the exchange", () => {
    const release = { kind: "hold_release", releaseCode: "verified_with_customer", reason: "Called them", confirmCritical: true } as const;

    async function placeHold(provider: ReturnType<typeof createHttpProvider>) {
      const accountId = f.accountIds[0]!;
      const placed = await runSingleAction(db, f.incident, accountId, { kind: "withdrawal_hold", reason: "Exposed", holdHours: 24 }, f.requester, { provider });
      expect(placed.status).toBe("succeeded");
      const hold = await db.prisma.withdrawalHold.findFirstOrThrow({ where: { accountId, status: "active" } });
      const { externalId } = await db.prisma.customerAccount.findUniqueOrThrow({ where: { id: accountId } });
      return { accountId, holdId: hold.id, heldAtExchange: () => sim.store.account(externalId)!.hold.active };
    }

    it("a release asked for while an extension is at the exchange waits for it, then releases the hold there too", async () => {
      sim = await startExchangeSim({ secrets: [SECRET] });
      const gate = await startGate(sim.url);
      try {
        const direct = createHttpProvider(config(sim));
        const { accountId, holdId, heldAtExchange } = await placeHold(direct);
        const extending = extendHold(db, f.incident, holdId, { hours: 72, reason: "Not verified yet" }, f.requester, {
          provider: createHttpProvider(config(sim, { baseUrl: gate.url })),
        });
        await gate.arrived;
        // Sent now, the release would reach the exchange before the extension, which would then hold the account again.
        const released = await runSingleAction(db, f.incident, accountId, release, f.requester, { provider: direct });
        expect(released.status).toBe("queued");
        expect(heldAtExchange()).toBe(true);
        gate.open();
        expect((await extending).expiresAt).not.toBeNull();
        // Extending again now would keep the release waiting: refused while it is queued.
        await expect(
          extendHold(db, f.incident, holdId, { hours: 96, reason: "Still not verified" }, f.requester, { provider: direct }),
        ).rejects.toThrow(/A release of this hold is queued or under way/);
        await drainWork(db, { provider: direct });
        expect(heldAtExchange()).toBe(false);
        expect(await db.prisma.withdrawalHold.findUniqueOrThrow({ where: { id: holdId } })).toMatchObject({ status: "released" });
        const [item] = await db.sql.query<{ status: string; attempts: number }>(
          `SELECT status::text AS status, attempts FROM bulk_action_items WHERE bulk_action_id = $1::uuid`,
          [released.bulkActionId],
        );
        // The wait was not a call: the item went to the exchange once.
        expect(item).toEqual({ status: "succeeded", attempts: 1 });
        const audit = await db.prisma.auditLog.findMany({ where: { targetId: String(accountId) }, orderBy: { id: "asc" } });
        expect(audit.map((a) => a.action)).toEqual([
          "remediation.withdrawal_hold_placed",
          "remediation.withdrawal_hold_extended",
          "remediation.withdrawal_hold_released",
        ]);
        expect((await verifyAuditChain(db.sql)).ok).toBe(true);
      } finally {
        await gate.close();
      }
    });

    it("an extension asked for just after a release was given up on is refused: the release may still land", async () => {
      sim = await startExchangeSim({ secrets: [SECRET] });
      const gate = await startGate(sim.url);
      try {
        const direct = createHttpProvider(config(sim));
        const { accountId, holdId, heldAtExchange } = await placeHold(direct);
        // The release's call is slow on the wire; the action is cancelled meanwhile, and Breachdesk stops waiting.
        const slow = createHttpProvider(config(sim, { baseUrl: gate.url, timeoutMs: 200, maxAttempts: 1 }));
        const releasing = runSingleAction(db, f.incident, accountId, release, f.requester, { provider: slow });
        await gate.arrived;
        const [action] = await db.sql.query<{ id: string }>(`SELECT id::text FROM bulk_actions WHERE kind = 'hold_release'`);
        await cancelBulkAction(db, action!.id, f.requester);
        expect((await releasing).status).toBe("failed");
        await expect(
          extendHold(db, f.incident, holdId, { hours: 72, reason: "Not verified yet" }, f.requester, { provider: direct }),
        ).rejects.toThrow(/may still reach the exchange/);
        // It does: had the extension gone first, the exchange would now hold nothing while Breachdesk showed the extended hold.
        gate.open();
        await gate.forwarded;
        expect(heldAtExchange()).toBe(false);
        expect(sim.counters().effectsApplied.withdrawal_hold).toBe(1);
      } finally {
        await gate.close();
      }
    });

    it("an extension asked for while a release is at the exchange is refused, and changes nothing", async () => {
      sim = await startExchangeSim({ secrets: [SECRET] });
      const gate = await startGate(sim.url);
      try {
        const direct = createHttpProvider(config(sim));
        const { accountId, holdId, heldAtExchange } = await placeHold(direct);
        const releasing = runSingleAction(db, f.incident, accountId, release, f.requester, {
          provider: createHttpProvider(config(sim, { baseUrl: gate.url })),
        });
        await gate.arrived;
        await expect(
          extendHold(db, f.incident, holdId, { hours: 72, reason: "Not verified yet" }, f.requester, { provider: direct }),
        ).rejects.toThrow(/A release of this hold is queued or under way/);
        gate.open();
        expect((await releasing).status).toBe("succeeded");
        expect(heldAtExchange()).toBe(false);
        expect(sim.counters().effectsApplied.withdrawal_hold).toBe(1);
        // The refused extension left no mark: a later release of another hold on the account is not held back.
        const [row] = await db.sql.query<{ hold_extending_until: Date | null }>(
          `SELECT hold_extending_until FROM account_remediation WHERE incident_id = $1::uuid AND account_id = $2`,
          [f.incident.id, accountId],
        );
        expect(row!.hold_extending_until).toBeNull();
      } finally {
        await gate.close();
      }
    });

    it("a hold about to end is not extended at the exchange: the exchange could end it while the extension travels", async () => {
      sim = await startExchangeSim({ secrets: [SECRET] });
      const direct = createHttpProvider(config(sim));
      const { holdId } = await placeHold(direct);
      await db.sql.query(`UPDATE withdrawal_holds SET expires_at = now() + interval '2 minutes' WHERE id = $1::uuid`, [holdId]);
      await expect(
        extendHold(db, f.incident, holdId, { hours: 72, reason: "Not verified yet" }, f.requester, { provider: direct }),
      ).rejects.toThrow(/ends within five minutes/);
      expect(sim.counters().effectsApplied.withdrawal_hold).toBe(1);
    });
  });

  it("a cancel leaves an item whose answer was lost to the worker, which learns from the exchange that it was applied", async () => {
    // The exchange acts, then the connection drops: Breachdesk cannot know, and puts the item back in the queue.
    sim = await startExchangeSim({ secrets: [SECRET], faults: { script: ["drop-after"] } });
    const provider = createHttpProvider(config(sim, { maxAttempts: 1 }));
    const accountId = f.accountIds[0]!;
    const reset = await runSingleAction(db, f.incident, accountId, { kind: "password_reset", reason: "Exposed" }, f.requester, { provider });
    expect(reset.status).toBe("queued");
    expect(sim.counters().effectsApplied.password_reset).toBe(1);
    expect((await cancelBulkAction(db, reset.bulkActionId, f.requester)).cancelledItems).toBe(0);
    // Asked again while the exchange is down, the breaker keeps it back: it waits for a later call, not given up on.
    sim.setFaults({ errorRate: 1 });
    const broken = createHttpProvider(config(sim, { breakerFailures: 1, maxAttempts: 1 }));
    const other = { kind: "password_reset", reason: "Exposed" } as const;
    expect((await runSingleAction(db, f.incident, f.accountIds[1]!, other, f.requester, { provider: broken })).status).toBe("queued");
    const due = () => db.sql.run(`UPDATE bulk_action_batches SET run_after = now() WHERE bulk_action_id = $1::uuid`, [reset.bulkActionId]);
    await due();
    await runOneBatch(db, { workerId: newWorkerId("test"), provider: broken });
    const [waiting] = await db.sql.query<{ status: string }>(
      `SELECT status::text AS status FROM bulk_action_items WHERE bulk_action_id = $1::uuid`,
      [reset.bulkActionId],
    );
    expect(waiting!.status).toBe("queued");
    sim.setFaults({ errorRate: 0 });
    await due();
    await drainWork(db, { provider });
    const [item] = await db.sql.query<{ status: string }>(
      `SELECT status::text AS status FROM bulk_action_items WHERE bulk_action_id = $1::uuid`,
      [reset.bulkActionId],
    );
    expect(item!.status).toBe("succeeded");
    expect(sim.counters().effectsApplied.password_reset).toBe(1);
    const [row] = await db.sql.query<{ status: string; succeeded: number; cancelled: number }>(
      `SELECT status::text AS status, succeeded, cancelled FROM bulk_actions WHERE id = $1::uuid`,
      [reset.bulkActionId],
    );
    expect(row).toEqual({ status: "cancelled", succeeded: 1, cancelled: 0 });
  });

  it("an item the open circuit breaker kept back was never sent: a cancel cancels it, and the exchange never gets it", async () => {
    sim = await startExchangeSim({ secrets: [SECRET], faults: { errorRate: 1 } });
    const broken = createHttpProvider(config(sim, { breakerFailures: 1, maxAttempts: 1 }));
    const reset = { kind: "password_reset", reason: "Exposed" } as const;
    // The first call fails and opens the breaker; the second item never leaves Breachdesk.
    expect((await runSingleAction(db, f.incident, f.accountIds[0]!, reset, f.requester, { provider: broken })).status).toBe("queued");
    const kept = await runSingleAction(db, f.incident, f.accountIds[1]!, reset, f.requester, { provider: broken });
    expect(kept.status).toBe("queued");
    const [item] = await db.sql.query<{ sent: boolean; last_error: string }>(
      `SELECT sent, last_error FROM bulk_action_items WHERE bulk_action_id = $1::uuid`,
      [kept.bulkActionId],
    );
    expect(item).toMatchObject({ sent: false, last_error: expect.stringMatching(/circuit breaker is open/) });
    expect((await cancelBulkAction(db, kept.bulkActionId, f.requester)).cancelledItems).toBe(1);
    sim.setFaults({ errorRate: 0 });
    await drainWork(db, { provider: createHttpProvider(config(sim)) });
    // Nothing reached the exchange (the first action waits out the breaker's pause).
    expect(sim.counters().effectsApplied.password_reset).toBe(0);
    const [row] = await db.sql.query<{ status: string; succeeded: number; cancelled: number }>(
      `SELECT status::text AS status, succeeded, cancelled FROM bulk_actions WHERE id = $1::uuid`,
      [kept.bulkActionId],
    );
    expect(row).toEqual({ status: "cancelled", succeeded: 0, cancelled: 1 });
    // Never sent, so never "requested": a later reset of the account is not skipped as done.
    const [state] = await db.sql.query<{ reset_status: string }>(
      `SELECT reset_status::text AS reset_status FROM account_remediation WHERE incident_id = $1::uuid AND account_id = $2`,
      [f.incident.id, f.accountIds[1]!],
    );
    expect(state?.reset_status ?? "none").toBe("none");
  });

  it("an item a batch skips while its call is at the exchange does not count as a hold on its way there", async () => {
    sim = await startExchangeSim({ secrets: [SECRET] });
    const gate = await startGate(sim.url);
    try {
      const direct = createHttpProvider(config(sim));
      const [account, another] = [f.accountIds[0]!, f.accountIds[1]!];
      const [second, third] = [await exposeInAnotherIncident(db, f), await exposeInAnotherIncident(db, f)];
      const hold = { kind: "withdrawal_hold", reason: "Exposed" } as const;
      // The second incident asks to hold the account and another one; then the third holds the account.
      const triage = await db.sql.query<{ id: number }>(
        `SELECT id FROM triage_entries WHERE incident_id = $1::uuid AND account_id = ANY($2::int[])`,
        [second.id, [account, another]],
      );
      const bulk = await requestBulkAction(db, second, { ...hold, selection: { kind: "ids", ids: triage.map((r) => r.id) } }, f.requester);
      expect((await runSingleAction(db, third, account, hold, f.requester, { provider: direct })).status).toBe("succeeded");
      // Its batch skips the account (held elsewhere) and is at the exchange with the other one.
      const batch = runOneBatch(db, { workerId: newWorkerId("test"), provider: createHttpProvider(config(sim, { baseUrl: gate.url })) });
      await gate.arrived;
      // Meanwhile the third incident releases the account, and this one holds it: nobody else is holding it now.
      const release = { kind: "hold_release", releaseCode: "verified_with_customer", reason: "Called them", confirmCritical: true } as const;
      expect((await runSingleAction(db, third, account, release, f.requester, { provider: direct })).status).toBe("succeeded");
      expect((await runSingleAction(db, f.incident, account, hold, f.requester, { provider: direct })).status).toBe("succeeded");
      gate.open();
      await batch;
      const items = await itemOutcomes(db, bulk.id);
      expect(items).toEqual([
        { account_id: account, status: "skipped", last_error: "held_in_another_incident" },
        { account_id: another, status: "succeeded", last_error: null },
      ]);
    } finally {
      await gate.close();
    }
  });

  it("pauses the action when the exchange keeps failing, and finishes it after the cool-down, each effect once", async () => {
    sim = await startExchangeSim({ secrets: [SECRET], faults: { errorRate: 1 } });
    let now = Date.now();
    const deps: HttpProviderDeps = { now: () => now };
    const provider = createHttpProvider(config(sim, { breakerFailures: 3, maxAttempts: 2, breakerCooldownMs: 60_000 }), deps);
    const bulkId = await requestReset();
    await drainWork(db, { provider });
    const [paused] = await db.sql.query<{ status: string; pause_reason: string; auto_resume_at: Date }>(
      `SELECT status::text AS status, pause_reason, auto_resume_at FROM bulk_actions WHERE id = $1::uuid`,
      [bulkId],
    );
    expect(paused!.status).toBe("paused");
    expect(paused!.pause_reason).toMatch(/The exchange keeps failing \(last: HTTP 503 temporarily_unavailable/);
    expect(paused!.pause_reason).toMatch(/resumes by itself/);
    expect(sim.counters().effectsApplied.password_reset).toBe(0);
    const [audited] = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'bulk_action.paused_by_breaker' AND target_id = $1`,
      [bulkId],
    );
    expect(Number(audited!.n)).toBe(1);

    // The exchange recovers; the cool-down passes (the sweep resumes the action, the breaker half-opens).
    sim.setFaults({ errorRate: 0 });
    now += 61_000;
    await sweepExpired(db, new Date(new Date(paused!.auto_resume_at).getTime() + 1));
    await drainWork(db, { provider });
    expect(await itemCounts(bulkId)).toEqual({ succeeded: ACCOUNTS });
    expect(sim.counters().effectsApplied.password_reset).toBe(ACCOUNTS);
    expect(sim.counters().maxAppliedPerAccount).toBe(1);
  });

  it("pauses at once, naming the secret, when the exchange refuses the signature", async () => {
    sim = await startExchangeSim({ secrets: ["the-exchanges-other-secret-0123456789"] });
    const bulkId = await requestReset();
    await drainWork(db, { provider: createHttpProvider(config(sim)) });
    const [row] = await db.sql.query<{ status: string; pause_reason: string; failed: number }>(
      `SELECT status::text AS status, pause_reason, failed FROM bulk_actions WHERE id = $1::uuid`,
      [bulkId],
    );
    expect(row!.status).toBe("paused");
    expect(row!.pause_reason).toMatch(/HTTP 401 bad_signature.*BREACHDESK_EXCHANGE_SECRETS/);
    expect(Number(row!.failed)).toBe(0);
    expect(sim.counters().refused.bad_signature).toBeGreaterThan(0);
    expect(sim.counters().effectsApplied.password_reset).toBe(0);
    // Outgoing events tell the responders (the pause, and the refusal itself).
    const events = await db.sql.query<{ type: string; status: number | null }>(
      `SELECT type, (payload->'data'->>'status')::int AS status FROM outgoing_events
        WHERE type IN ('exchange.signature_refused', 'bulk_action.paused') ORDER BY type`,
    );
    expect(events).toEqual([
      { type: "bulk_action.paused", status: null },
      { type: "exchange.signature_refused", status: 401 },
    ]);
  });

  it("keeps to the rate limit: never more items than the limit allows since the first call", async () => {
    sim = await startExchangeSim({ secrets: [SECRET] });
    let clock = 0;
    const calls: { at: number; items: number }[] = [];
    const provider = createHttpProvider(config(sim, { rateLimit: 100, itemsPerCall: 20, concurrency: 2 }), {
      now: () => clock,
      // A virtual clock: waiting moves it on, so the test runs at full speed and measures exactly.
      sleep: async (ms) => {
        clock += ms;
      },
      fetch: async (input, init) => {
        calls.push({ at: clock, items: (JSON.parse(String(init?.body)) as { items: unknown[] }).items.length });
        return fetch(input, init);
      },
    });
    const bulkId = await requestReset();
    await drainWork(db, { provider });
    expect(await itemCounts(bulkId)).toEqual({ succeeded: ACCOUNTS });
    let sent = 0;
    for (const call of calls) {
      sent += call.items;
      // By virtual time t (ms), at most 100 items/s * t have been sent.
      expect(sent).toBeLessThanOrEqual((100 * call.at) / 1000 + 1e-9);
    }
    expect(sent).toBe(ACCOUNTS);
  });
});

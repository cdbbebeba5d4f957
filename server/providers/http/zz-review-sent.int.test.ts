import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../../test/db";
import { startExchangeSim, type ExchangeSim } from "../../../tools/exchange-sim/exchange-sim";
import { resetEnvCache } from "../../env";
import { cancelBulkAction } from "../../remediation/control-bulk-action";
import { runSingleAction } from "../../remediation/single-action";
import { createRemediationFixture, type RemediationFixture } from "../../remediation/test-fixtures";
import { drainWork } from "../../workers/work";
import type { ExchangeConfig } from "./exchange-config";
import { createHttpProvider } from "./http-provider";

const SECRET = "integration-secret-0123456789abcdef";
function config(baseUrl: string, overrides: Partial<ExchangeConfig> = {}): ExchangeConfig {
  return { baseUrl, secrets: [SECRET], rateLimit: null, concurrency: 4, timeoutMs: 2_000, itemsPerCall: 25, maxAttempts: 6,
    backoffBaseMs: 2, backoffCapMs: 20, breakerFailures: 50, breakerCooldownMs: 30_000, ...overrides };
}

describe.each(testDbKinds())("review on %s", (kind) => {
  let db: TestDb; let sim: ExchangeSim; let f: RemediationFixture;
  beforeAll(async () => {
    vi.stubEnv("BREACHDESK_WORK_BATCH_SIZE", "40"); vi.stubEnv("BREACHDESK_APPROVAL_THRESHOLD", "100000");
    vi.stubEnv("BREACHDESK_WORK_POLL_MS", "20"); resetEnvCache(); db = await openTestDb(kind);
  });
  afterAll(async () => { await db?.cleanup(); vi.unstubAllEnvs(); resetEnvCache(); });
  beforeEach(async () => { await resetTestDb(db); f = await createRemediationFixture(db, 10); });
  afterEach(async () => { await sim?.close(); });

  it("an item the breaker kept from the exchange is marked sent, escapes a cancel and is applied after it", async () => {
    sim = await startExchangeSim({ secrets: [SECRET] });
    // The exchange is unreachable: the first call opens the breaker.
    const down = createHttpProvider(config("http://127.0.0.1:1", { maxAttempts: 1, breakerFailures: 1 }));
    const reset = { kind: "password_reset" as const, reason: "Exposed" };
    const first = await runSingleAction(db, f.incident, f.accountIds[0]!, reset, f.requester, { provider: down });
    expect(first.status).toBe("queued");
    // Second action: the breaker is open, nothing goes on the wire.
    const second = await runSingleAction(db, f.incident, f.accountIds[1]!, reset, f.requester, { provider: down });
    const [item] = await db.sql.query<{ status: string; sent: boolean; attempts: number; last_error: string }>(
      `SELECT status::text AS status, sent, attempts, last_error FROM bulk_action_items WHERE bulk_action_id = $1::uuid`, [second.bulkActionId]);
    console.log("second item before cancel", item);
    const cancelled = await cancelBulkAction(db, second.bulkActionId, f.requester);
    console.log("cancelledItems", cancelled.cancelledItems);
    // The exchange is back (another worker, or the breaker's cool-down over).
    await drainWork(db, { provider: createHttpProvider(config(sim.url)) });
    const [row] = await db.sql.query(`SELECT status::text AS status, total, succeeded, failed, cancelled, finished_at FROM bulk_actions WHERE id = $1::uuid`, [second.bulkActionId]);
    console.log("second action after drain", row, "resets applied at exchange:", sim.counters().effectsApplied.password_reset);
    expect(cancelled.cancelledItems).toBe(1);
    expect(sim.counters().effectsApplied.password_reset ?? 0).toBe(1); // only the first action's
  });
});

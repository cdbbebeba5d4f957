import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { WebhookEvent } from "../../lib/exchange/contract";
import { signRequest } from "../../lib/exchange/signing";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../test/db";
import { verifyAuditChain } from "../audit/verify-audit-chain";
import { resetEnvCache } from "../env";
import type { ExternalProvider, ProviderItem, ProviderResult } from "../providers/account-provider";
import { retryFailedItems } from "../remediation/control-bulk-action";
import { requestBulkAction } from "../remediation/request-bulk-action";
import { createRemediationFixture, type RemediationFixture } from "../remediation/test-fixtures";
import { drainWork } from "../workers/work";
import { getExchangeStatus } from "./get-exchange-status";
import { receiveExchangeWebhook } from "./receive-exchange-webhook";

// Webhook times are the exchange's clock; so is the appliedAt it answers for
// each effect. Breachdesk's own record of an effect can trail the exchange's
// act by minutes (a timeout, retries, a breaker pause): events are compared
// with the exchange's time, and an event that reached us before our record
// is applied when the record is made.

const SECRET = "times-secret-0123456789abcdef";
const PATH = "/api/v1/webhooks/exchange";
const MINUTE = 60_000;
let seq = 0;

function delivery(events: WebhookEvent[]) {
  const body = JSON.stringify({ events });
  return { method: "POST", path: PATH, body, headers: new Headers(signRequest({ method: "POST", path: PATH, body }, [SECRET])), remoteIp: "127.0.0.1" };
}

const event = (type: "password_reset.completed" | "withdrawal_hold.released" | "withdrawal_hold.ended", accountId: string, at: Date) =>
  ({ id: `times-${++seq}`, type, accountId, occurredAt: at.toISOString() }) as WebhookEvent;

/**
 * An exchange that applied each effect at `appliedAt` (earlier than our
 * record), answering each call with `answer`; `during` runs while the call
 * is in flight (a webhook delivered before the worker records the answer).
 */
function exchange(options: {
  appliedAt: Date;
  answer?: (item: ProviderItem) => ProviderResult;
  during?: (items: readonly ProviderItem[]) => Promise<void>;
}): ExternalProvider {
  return {
    name: "test-exchange",
    transactional: false,
    cooldownSeconds: 1,
    async apply(items) {
      await options.during?.(items);
      return { results: items.map((item) => options.answer?.(item) ?? { ok: true, appliedAt: options.appliedAt, calls: 1 }) };
    },
  };
}

describe.each(testDbKinds())("webhook times against the exchange's appliedAt on %s", (kind) => {
  let db: TestDb;
  let f: RemediationFixture;

  beforeAll(async () => {
    vi.stubEnv("BREACHDESK_EXCHANGE_SECRETS", SECRET);
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
    f = await createRemediationFixture(db, 3);
  });

  const accounts = async () =>
    db.sql.query<{ id: number; external_id: string }>(`SELECT id, external_id FROM customer_accounts ORDER BY id`);
  const hold = async (accountId: number) =>
    (
      await db.sql.query<{ hold_status: string; status: string; placed_at: Date; exchange_placed_at: Date | null; exchange_ended_at: Date | null }>(
        `SELECT ar.hold_status::text AS hold_status, w.status::text AS status, w.placed_at, w.exchange_placed_at, w.exchange_ended_at
           FROM account_remediation ar JOIN withdrawal_holds w ON w.id = ar.hold_id
          WHERE ar.incident_id = $1::uuid AND ar.account_id = $2`,
        [f.incident.id, accountId],
      )
    )[0]!;
  const reset = async (accountId: number) =>
    (
      await db.sql.query<{ reset_status: string; reset_completed_at: Date | null; reset_applied_at: Date | null }>(
        `SELECT reset_status::text AS reset_status, reset_completed_at, reset_applied_at
           FROM account_remediation WHERE incident_id = $1::uuid AND account_id = $2`,
        [f.incident.id, accountId],
      )
    )[0]!;
  const outcome = async (eventId: string) =>
    (await db.sql.query<{ outcome: string }>(`SELECT outcome FROM exchange_webhook_events WHERE event_id = $1`, [eventId]))[0]!.outcome;
  const requestHold = () =>
    requestBulkAction(db, f.incident, { kind: "withdrawal_hold", reason: "Times test", selection: { kind: "filter", query: "" }, holdHours: 72 }, f.requester);

  it("records the exchange's appliedAt beside our time, and applies a release that happened between the two", async () => {
    const placedOnExchange = new Date(Date.now() - 10 * MINUTE);
    await requestHold();
    await drainWork(db, { provider: exchange({ appliedAt: placedOnExchange }) });
    const [account] = await accounts();
    const before = await hold(account!.id);
    expect(before).toMatchObject({ hold_status: "active", status: "active" });
    expect(new Date(before.exchange_placed_at!).getTime()).toBe(placedOnExchange.getTime());
    expect(new Date(before.placed_at).getTime()).toBeGreaterThan(placedOnExchange.getTime());

    // Released on the exchange's side after it placed the hold, before our record of it.
    const releasedAt = new Date(placedOnExchange.getTime() + 5 * MINUTE);
    expect(new Date(before.placed_at).getTime()).toBeGreaterThan(releasedAt.getTime());
    const released = event("withdrawal_hold.released", account!.external_id, releasedAt);
    expect(await receiveExchangeWebhook(db, delivery([released]))).toEqual({ status: 200, body: { received: 1, duplicates: 0, applied: 1 } });
    const after = await hold(account!.id);
    expect(after).toMatchObject({ hold_status: "released", status: "released" });
    expect(new Date(after.exchange_ended_at!).getTime()).toBe(releasedAt.getTime());
    expect(await outcome(released.id)).toBe("applied");

    // An event older than the exchange's placement still never ends the hold.
    const [, second] = await accounts();
    const stale = event("withdrawal_hold.released", second!.external_id, new Date(placedOnExchange.getTime() - MINUTE));
    expect((await receiveExchangeWebhook(db, delivery([stale]))).body).toMatchObject({ applied: 0 });
    expect((await hold(second!.id)).hold_status).toBe("active");
    expect(await outcome(stale.id)).toBe("no_change");
  });

  it("a release that reaches us before our record of the hold is listed as no hold, then applied when the hold is recorded", async () => {
    const placedOnExchange = new Date(Date.now() - 2 * MINUTE);
    const [first, second] = await accounts();
    const early = event("withdrawal_hold.released", first!.external_id, new Date(placedOnExchange.getTime() + 1000));
    const unknownHold = event("withdrawal_hold.released", second!.external_id, new Date(placedOnExchange.getTime() - MINUTE));
    let answeredDuringCall: unknown = null;
    await requestHold();
    await drainWork(db, {
      provider: exchange({
        appliedAt: placedOnExchange,
        // The exchange releases the first account's hold and says so before the worker records its answer.
        during: async () => {
          answeredDuringCall ??= await receiveExchangeWebhook(db, delivery([early, unknownHold]));
          const status = await getExchangeStatus(db, 24 * 60 * MINUTE);
          expect(Object.fromEntries(status.anomalies.map((a) => [a.eventId, a.outcome]))).toEqual({
            [early.id]: "no_hold",
            [unknownHold.id]: "no_hold",
          });
        },
      }),
    });
    expect(answeredDuringCall).toEqual({ status: 200, body: { received: 2, duplicates: 0, applied: 0 } });
    // Recorded: the first account's hold is released at the exchange's time; the second's (placed after its event) stays.
    expect(await hold(first!.id)).toMatchObject({ hold_status: "released", status: "released" });
    expect(new Date((await hold(first!.id)).exchange_ended_at!).getTime()).toBe(new Date(early.occurredAt).getTime());
    expect((await hold(second!.id)).hold_status).toBe("active");
    expect(await outcome(early.id)).toBe("applied_late");
    expect(await outcome(unknownHold.id)).toBe("no_hold");

    const status = await getExchangeStatus(db, 24 * 60 * MINUTE);
    expect(status.anomalies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ eventId: early.id, outcome: "applied_late", account: first!.external_id }),
        expect.objectContaining({ eventId: unknownHold.id, outcome: "no_hold", account: second!.external_id }),
      ]),
    );
    const audited = await db.sql.query<{ detail: { appliedLate?: boolean; eventId: string } }>(
      `SELECT detail FROM audit_log WHERE action = 'remediation.withdrawal_hold_released_by_exchange' AND target_id = $1`,
      [String(first!.id)],
    );
    expect(audited.map((a) => a.detail)).toEqual([expect.objectContaining({ eventId: early.id, appliedLate: true })]);
    expect((await verifyAuditChain(db.sql)).ok).toBe(true);
  });

  it("a completion that arrives before the reset was recorded is applied when it is (and listed as applied late)", async () => {
    // The exchange forced the reset, but its answers were lost until the item gave up: the reset is back to "none".
    const forcedOnExchange = new Date(Date.now() - 30 * MINUTE);
    const requested = await requestBulkAction(
      db,
      f.incident,
      { kind: "password_reset", reason: "Times test", selection: { kind: "filter", query: "" } },
      f.requester,
    );
    await drainWork(db, {
      provider: exchange({
        appliedAt: forcedOnExchange,
        answer: () => ({ ok: false, retryable: true, error: "no answer within 10000 ms", calls: 25 }),
      }),
    });
    const [first, second] = await accounts();
    expect((await reset(first!.id)).reset_status).toBe("none");

    // The customer sets a new password; the exchange says so. Nothing to complete yet.
    const completedAt = new Date(forcedOnExchange.getTime() + 10 * MINUTE);
    const completion = event("password_reset.completed", first!.external_id, completedAt);
    // One from before the exchange forced the reset: never completes it.
    const older = event("password_reset.completed", second!.external_id, new Date(forcedOnExchange.getTime() - MINUTE));
    expect(await receiveExchangeWebhook(db, delivery([completion, older]))).toEqual({
      status: 200,
      body: { received: 2, duplicates: 0, applied: 0 },
    });
    expect(await outcome(completion.id)).toBe("no_reset");
    expect((await getExchangeStatus(db, 24 * 60 * MINUTE)).anomalies.map((a) => a.outcome)).toEqual(["no_reset", "no_reset"]);

    // Retried: the same keys, so the exchange answers with its first result (appliedAt when it forced the reset).
    await retryFailedItems(db, requested.id, f.requester);
    await drainWork(db, { provider: exchange({ appliedAt: forcedOnExchange }) });
    const done = await reset(first!.id);
    expect(done.reset_status).toBe("completed");
    expect(new Date(done.reset_completed_at!).getTime()).toBe(completedAt.getTime());
    expect(new Date(done.reset_applied_at!).getTime()).toBe(forcedOnExchange.getTime());
    expect(await outcome(completion.id)).toBe("applied_late");
    expect((await reset(second!.id)).reset_status).toBe("sent");
    expect(await outcome(older.id)).toBe("no_reset");

    const status = await getExchangeStatus(db, 24 * 60 * MINUTE);
    expect(status.anomalies.find((a) => a.eventId === completion.id)).toMatchObject({ outcome: "applied_late" });
    const audited = await db.sql.query<{ detail: { appliedLate?: boolean; completedAt: string } }>(
      `SELECT detail FROM audit_log WHERE action = 'remediation.password_reset_completed' AND target_id = $1`,
      [String(first!.id)],
    );
    expect(audited.map((a) => a.detail)).toEqual([
      expect.objectContaining({ appliedLate: true, completedAt: completedAt.toISOString() }),
    ]);
    expect((await verifyAuditChain(db.sql)).ok).toBe(true);
  });
});

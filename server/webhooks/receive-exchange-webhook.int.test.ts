import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { WebhookEvent } from "../../lib/exchange/contract";
import { signRequest } from "../../lib/exchange/signing";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { verifyAuditChain } from "../audit/verify-audit-chain";
import { resetEnvCache } from "../env";
import { DEMO_INCIDENT_SLUG } from "../seed/demo-incident";
import { sweepExpired } from "../workers/work";
import { getExchangeStatus } from "./get-exchange-status";
import { receiveExchangeWebhook } from "./receive-exchange-webhook";

// The exchange's webhooks, on the demo incident: signatures, replays,
// redeliveries, out-of-order events, and each event kind's effect.

const SECRET = "webhook-secret-0123456789abcdef";
const NEXT_SECRET = "webhook-next-secret-0123456789abcdef";
const PATH = "/api/v1/webhooks/exchange";
let seq = 0;

function delivery(events: WebhookEvent[], options: { secrets?: string[]; now?: number; headers?: Record<string, string> } = {}) {
  const body = JSON.stringify({ events });
  const headers = options.headers ?? signRequest({ method: "POST", path: PATH, body }, options.secrets ?? [SECRET], { now: options.now });
  return { method: "POST", path: PATH, body, headers: new Headers(headers), remoteIp: "127.0.0.1", signed: headers };
}

const event = (type: "password_reset.completed" | "withdrawal_hold.released" | "withdrawal_hold.ended", accountId: string, at = new Date()) =>
  ({ id: `evt-${++seq}`, type, accountId, occurredAt: at.toISOString() }) as WebhookEvent;

describe.each(testDbKinds())("exchange webhooks on %s", (kind) => {
  let db: TestDb;
  let incidentId: string;

  beforeAll(async () => {
    vi.stubEnv("BREACHDESK_EXCHANGE_SECRETS", `${SECRET},${NEXT_SECRET}`);
    resetEnvCache();
    db = await openTestDb(kind, { demo: true });
    incidentId = (await db.prisma.incident.findUniqueOrThrow({ where: { slug: DEMO_INCIDENT_SLUG } })).id;
  });
  afterAll(async () => {
    await db?.cleanup();
    vi.unstubAllEnvs();
    resetEnvCache();
  });

  async function accountWith(where: string): Promise<{ id: number; external_id: string }> {
    const [row] = await db.sql.query<{ id: number; external_id: string }>(
      `SELECT c.id, c.external_id FROM account_remediation ar JOIN customer_accounts c ON c.id = ar.account_id
        WHERE ar.incident_id = $1::uuid AND ${where} ORDER BY c.id LIMIT 1`,
      [incidentId],
    );
    if (!row) throw new Error(`No demo account with ${where}`);
    return { id: Number(row.id), external_id: row.external_id };
  }
  const remediation = async (accountId: number) =>
    (
      await db.sql.query<{ reset_status: string; hold_status: string }>(
        `SELECT reset_status::text, hold_status::text FROM account_remediation WHERE incident_id = $1::uuid AND account_id = $2`,
        [incidentId, accountId],
      )
    )[0]!;
  const lastDelivery = async () =>
    (
      await db.sql.query<{ accepted: boolean; http_status: number; reason: string | null }>(
        `SELECT accepted, http_status, reason FROM exchange_webhook_deliveries ORDER BY received_at DESC, id LIMIT 1`,
      )
    )[0]!;

  it("refuses unsigned, wrongly signed, expired and malformed deliveries, recording why, and changes nothing", async () => {
    const account = await accountWith(`ar.reset_status = 'sent'`);
    const events = [event("password_reset.completed", account.external_id)];
    const unsigned = delivery(events, { headers: {} });
    expect(await receiveExchangeWebhook(db, unsigned)).toMatchObject({ status: 401, body: { error: { code: "missing_signature" } } });
    expect(await receiveExchangeWebhook(db, delivery(events, { secrets: ["someone-elses-secret-0123456789"] }))).toMatchObject({
      status: 401,
      body: { error: { code: "bad_signature" } },
    });
    expect(await lastDelivery()).toMatchObject({ accepted: false, http_status: 401, reason: expect.stringMatching(/^bad_signature: /) });
    const expired = delivery(events, { now: Date.now() - 6 * 60_000 });
    expect(await receiveExchangeWebhook(db, expired)).toMatchObject({ status: 401, body: { error: { code: "timestamp_out_of_window" } } });
    const tampered = delivery(events);
    expect(await receiveExchangeWebhook(db, { ...tampered, body: tampered.body.replace("completed", "completed ") })).toMatchObject({
      status: 401,
    });
    const bad = delivery([{ ...events[0]!, occurredAt: "yesterday" }]);
    const answer = await receiveExchangeWebhook(db, bad);
    expect(answer.status).toBe(400);
    expect(JSON.stringify(answer.body)).toMatch(/events\.0\.occurredAt/);
    expect((await remediation(account.id)).reset_status).toBe("sent");
  });

  it("applies a completion once: a replay is refused, a redelivery absorbed; the next secret works too (rotation)", async () => {
    const account = await accountWith(`ar.reset_status = 'sent'`);
    const events = [event("password_reset.completed", account.external_id)];
    const first = delivery(events, { secrets: [NEXT_SECRET] });
    expect(await receiveExchangeWebhook(db, first)).toEqual({ status: 200, body: { received: 1, duplicates: 0, applied: 1 } });
    expect((await remediation(account.id)).reset_status).toBe("completed");
    // The same request again (same nonce and signature): a replay.
    expect(await receiveExchangeWebhook(db, delivery(events, { headers: first.signed }))).toMatchObject({
      status: 401,
      body: { error: { code: "replayed" } },
    });
    // The exchange delivering the same event again, signed afresh: absorbed.
    expect(await receiveExchangeWebhook(db, delivery(events))).toEqual({ status: 200, body: { received: 1, duplicates: 1, applied: 0 } });
    const [audited] = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'remediation.password_reset_completed' AND target_id = $1
          AND detail->>'reportedBy' = 'exchange'`,
      [String(account.id)],
    );
    expect(Number(audited!.n)).toBe(1);
    expect((await verifyAuditChain(db.sql)).ok).toBe(true);
  });

  it("tolerates order: a completion that overtakes our own record applies; an old hold event never ends a newer hold", async () => {
    // The exchange acted and the customer completed before the worker's commit: the reset is still "requested" here.
    const racing = await accountWith(`ar.reset_status = 'sent'`);
    await db.sql.query(`UPDATE account_remediation SET reset_status = 'requested' WHERE account_id = $1`, [racing.id]);
    expect((await receiveExchangeWebhook(db, delivery([event("password_reset.completed", racing.external_id)]))).status).toBe(200);
    expect((await remediation(racing.id)).reset_status).toBe("completed");

    const held = await accountWith(`ar.hold_status = 'active'`);
    const [hold] = await db.sql.query<{ placed_at: Date }>(
      `SELECT w.placed_at FROM withdrawal_holds w JOIN account_remediation ar ON ar.hold_id = w.id WHERE ar.account_id = $1`,
      [held.id],
    );
    const before = new Date(new Date(hold!.placed_at).getTime() - 60_000);
    const stale = await receiveExchangeWebhook(db, delivery([event("withdrawal_hold.released", held.external_id, before)]));
    expect(stale).toEqual({ status: 200, body: { received: 1, duplicates: 0, applied: 0 } });
    expect((await remediation(held.id)).hold_status).toBe("active");
    // Newer events delivered in reverse order: the end of the hold applies, the rest changes nothing.
    const later = new Date();
    const released = event("withdrawal_hold.released", held.external_id, later);
    const ended = event("withdrawal_hold.ended", held.external_id, new Date(later.getTime() - 1000));
    expect((await receiveExchangeWebhook(db, delivery([released]))).body).toMatchObject({ applied: 1 });
    expect((await receiveExchangeWebhook(db, delivery([ended]))).body).toMatchObject({ applied: 0 });
    expect((await remediation(held.id)).hold_status).toBe("released");
    const [outcomes] = await db.sql.query<{ applied: number; no_change: number }>(
      `SELECT count(*) FILTER (WHERE outcome = 'applied')::int AS applied, count(*) FILTER (WHERE outcome = 'no_change')::int AS no_change
         FROM exchange_webhook_events WHERE account_external_id = $1`,
      [held.external_id],
    );
    expect(outcomes).toEqual({ applied: 1, no_change: 2 });
  });

  it("adds a security event to the account's record and re-ranks it; unknown accounts are recorded, not refused", async () => {
    const [target] = await db.sql.query<{ id: number; external_id: string; risk_tier: string }>(
      `SELECT c.id, c.external_id, t.risk_tier::text AS risk_tier FROM triage_entries t JOIN customer_accounts c ON c.id = t.account_id
        WHERE t.incident_id = $1::uuid AND t.risk_tier IN ('low', 'medium') AND t.password_changed_at IS NULL ORDER BY c.id LIMIT 1`,
      [incidentId],
    );
    const events: WebhookEvent[] = [
      {
        id: `evt-${++seq}`,
        type: "security_event",
        accountId: target!.external_id,
        occurredAt: new Date().toISOString(),
        data: { kind: "password_change", ip: "203.0.113.9" },
      },
      { id: `evt-${++seq}`, type: "password_reset.completed", accountId: "no-such-account", occurredAt: new Date().toISOString() },
    ];
    expect(await receiveExchangeWebhook(db, delivery(events))).toEqual({ status: 200, body: { received: 2, duplicates: 0, applied: 1 } });
    const [after] = await db.sql.query<{ risk_tier: string; risk_rules: string[]; events: number }>(
      `SELECT t.risk_tier::text AS risk_tier, t.risk_rules,
              (SELECT count(*)::int FROM security_events s WHERE s.account_id = t.account_id AND s.kind = 'password_change') AS events
         FROM triage_entries t WHERE t.incident_id = $1::uuid AND t.account_id = $2`,
      [incidentId, target!.id],
    );
    expect(after!.events).toBe(1);
    expect(after!.risk_tier).toBe("critical");
    expect(after!.risk_rules).toContain("password_changed");
    const [unknown] = await db.sql.query<{ outcome: string }>(
      `SELECT outcome FROM exchange_webhook_events WHERE account_external_id = 'no-such-account'`,
    );
    expect(unknown!.outcome).toBe("unknown_account");
  });

  const from = (remoteIp: string, request: ReturnType<typeof delivery>) => ({ ...request, remoteIp });
  const refusalRows = async (remoteIp: string) =>
    db.sql.query<{ reason: string }>(`SELECT reason FROM exchange_webhook_deliveries WHERE remote_ip = $1`, [remoteIp]);
  const refusalCounts = async (remoteIp: string) =>
    db.sql.query<{ reason: string; count: number }>(
      // Summed over hours: the posts of one test may straddle an hour's end.
      `SELECT reason, sum(count)::int AS count FROM exchange_webhook_refusal_counts WHERE remote_ip = $1
        GROUP BY reason ORDER BY reason`,
      [remoteIp],
    );

  it("counts unsigned and malformed posts per source, reason and hour instead of storing each; a plausible signature is still stored", async () => {
    const source = "198.51.100.50";
    const events = [event("password_reset.completed", "nobody")];
    for (let i = 0; i < 50; i++) {
      expect(await receiveExchangeWebhook(db, from(source, delivery(events, { headers: {} })))).toMatchObject({
        status: 401,
        body: { error: { code: "missing_signature" } },
      });
    }
    const malformed = { ...signRequest({ method: "POST", path: PATH, body: "{}" }, [SECRET]), "x-breachdesk-signature": "v1=not-hex" };
    expect(await receiveExchangeWebhook(db, from(source, delivery(events, { headers: malformed })))).toMatchObject({
      status: 401,
      body: { error: { code: "malformed_signature" } },
    });
    expect(await refusalRows(source)).toEqual([]);
    expect((await refusalCounts(source)).map((c) => ({ ...c, count: Number(c.count) }))).toEqual([
      { reason: "malformed_signature", count: 1 },
      { reason: "missing_signature", count: 50 },
    ]);

    // Well-formed headers with a signature no active secret made: one row, with why.
    expect(await receiveExchangeWebhook(db, from(source, delivery(events, { secrets: ["someone-elses-secret-0123456789"] })))).toMatchObject({
      status: 401,
      body: { error: { code: "bad_signature" } },
    });
    expect(await refusalRows(source)).toEqual([{ reason: expect.stringMatching(/^bad_signature: /) }]);

    // The Exchange page: the signed refusal in the list, the unsigned ones as counts beside it.
    const status = await getExchangeStatus(db, 24 * 3_600_000);
    expect(status.refused.filter((r) => r.remoteIp === source)).toEqual([expect.objectContaining({ httpStatus: 401 })]);
    expect(status.unsigned.sources.filter((u) => u.remoteIp === source)).toEqual([
      expect.objectContaining({ reason: "missing_signature", count: 50 }),
      expect.objectContaining({ reason: "malformed_signature", count: 1 }),
    ]);
    expect(status.unsigned.total).toBeGreaterThanOrEqual(51);
  });

  it("limits each source address, shared through the database: 429 with Retry-After past the burst", async () => {
    vi.stubEnv("BREACHDESK_WEBHOOK_RATE_BURST", "3");
    vi.stubEnv("BREACHDESK_WEBHOOK_RATE_PER_SECOND", "0.01");
    resetEnvCache();
    try {
      const events = [event("password_reset.completed", "nobody")];
      const source = "203.0.113.77";
      for (let i = 0; i < 3; i++)
        expect((await receiveExchangeWebhook(db, from(source, delivery(events, { headers: {} })))).status).toBe(401);
      const limited = await receiveExchangeWebhook(db, from(source, delivery(events)));
      expect(limited).toMatchObject({ status: 429, body: { error: { code: "rate_limited" } } });
      expect(Number(limited.headers?.["Retry-After"])).toBeGreaterThanOrEqual(1);
      // Refused before anything else: neither recorded nor counted.
      expect(await refusalRows(source)).toEqual([]);
      expect(Number((await refusalCounts(source))[0]!.count)).toBe(3);
      // Another source has its own bucket.
      expect((await receiveExchangeWebhook(db, from("203.0.113.78", delivery(events, { headers: {} })))).status).toBe(401);
      // IPv6 addresses share their /64's bucket, and are counted under it.
      for (let i = 1; i <= 3; i++)
        expect((await receiveExchangeWebhook(db, from(`2001:db8:77:1::${i}`, delivery(events, { headers: {} })))).status).toBe(401);
      expect((await receiveExchangeWebhook(db, from("2001:db8:77:1:ffff::9", delivery(events, { headers: {} })))).status).toBe(429);
      expect((await refusalCounts("2001:db8:77:1::/64")).map((c) => ({ ...c, count: Number(c.count) }))).toEqual([
        { reason: "missing_signature", count: 3 },
      ]);
    } finally {
      vi.stubEnv("BREACHDESK_WEBHOOK_RATE_BURST", "100");
      vi.stubEnv("BREACHDESK_WEBHOOK_RATE_PER_SECOND", "10");
      resetEnvCache();
    }
  });

  it("the sweep prunes refusals, unsigned counts and idle rate buckets past their time, and keeps recent ones", async () => {
    const source = "192.0.2.200";
    await db.sql.run(
      `INSERT INTO exchange_webhook_deliveries (id, received_at, accepted, http_status, reason, remote_ip) VALUES
         (gen_random_uuid(), now() - interval '31 days', false, 401, 'old', $1),
         (gen_random_uuid(), now() - interval '29 days', false, 401, 'recent', $1)`,
      [source],
    );
    await db.sql.run(
      `INSERT INTO exchange_webhook_refusal_counts (remote_ip, reason, hour, count, last_at) VALUES
         ($1, 'old', date_trunc('hour', now() - interval '31 days'), 5, now() - interval '31 days'),
         ($1, 'recent', date_trunc('hour', now() - interval '29 days'), 5, now() - interval '29 days')`,
      [source],
    );
    await db.sql.run(
      `INSERT INTO rate_buckets (key, tokens, checked_at) VALUES
         ('webhook:' || $1 || ':idle', 0, now() - interval '1 hour'), ('webhook:' || $1 || ':busy', 0, now())`,
      [source],
    );
    await sweepExpired(db, new Date());
    expect(await refusalRows(source)).toEqual([{ reason: "recent" }]);
    expect((await refusalCounts(source)).map((c) => c.reason)).toEqual(["recent"]);
    const buckets = await db.sql.query<{ key: string }>(`SELECT key FROM rate_buckets WHERE key LIKE 'webhook:' || $1 || ':%'`, [source]);
    expect(buckets.map((b) => b.key)).toEqual([`webhook:${source}:busy`]);
  });
});

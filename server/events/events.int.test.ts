import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { verifyWebhookSignature } from "../../lib/events/standard-webhooks";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../test/db";
import { startEventReceiver, type EventReceiver } from "../../test/event-receiver";
import { resetEnvCache } from "../env";
import { approveBulkAction, rejectBulkAction } from "../remediation/control-bulk-action";
import { requestBulkAction } from "../remediation/request-bulk-action";
import { createRemediationFixture, type RemediationFixture } from "../remediation/test-fixtures";
import { drainEvents } from "../workers/work";
import { deliveryConfig, type DeliveryConfig } from "./delivery/delivery-config";
import { listDeliveries } from "./destinations/destination-rows";
import { createDestination, rotateDestinationSecret, sendTestEvent, updateDestination } from "./destinations/manage-destination";
import { OUTBOX_RETENTION_DAYS, pruneOutbox } from "./prune-outbox";

// Outgoing events end to end against a real local receiver: the outbox
// written with the request, fanned out to each matching destination,
// delivered in each format, retried through faults, and a failing
// destination's breaker and disabling.

describe.each(testDbKinds())("outgoing events on %s", (kind) => {
  let db: TestDb;
  let f: RemediationFixture;
  let receiver: EventReceiver;
  let config: DeliveryConfig;

  beforeAll(async () => {
    vi.stubEnv("BREACHDESK_APPROVAL_THRESHOLD", "100");
    vi.stubEnv("BREACHDESK_OUTBOUND_ALLOW_HOSTS", "127.0.0.1");
    vi.stubEnv("NEXTAUTH_URL", "https://breachdesk.example.org");
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
    receiver = await startEventReceiver();
    f = await createRemediationFixture(db, 120);
    config = {
      ...deliveryConfig(),
      timeoutMs: 300,
      retryBaseSeconds: 0,
      maxAttempts: 10,
      breakerFailures: 100,
      disableAfterFailures: 100,
    };
    return () => receiver.close();
  });

  const admin = () => f.approver;
  const requestHold = () =>
    requestBulkAction(
      db,
      f.incident,
      { kind: "withdrawal_hold", reason: "Exposed in the leak", selection: { kind: "filter", query: "" } },
      f.requester,
    );

  it("tells Slack, Teams and a signed webhook of a request waiting for approval, then of its approval, with no customer address", async () => {
    const slack = await createDestination(db, { name: "Slack", kind: "slack", url: receiver.url("/slack") }, admin());
    await createDestination(db, { name: "Teams", kind: "teams", url: receiver.url("/teams") }, admin());
    const hook = await createDestination(
      db,
      { name: "SOAR", kind: "webhook", url: receiver.url("/hook"), eventTypes: ["approval.requested", "approval.approved"] },
      admin(),
    );
    expect(slack.secret).toBeNull();
    expect(hook.secret).toMatch(/^whsec_/);
    expect(hook.destination.url).toBe(`http://127.0.0.1:${new URL(receiver.url("/")).port}/…`);

    const requested = await requestHold();
    expect(requested.status).toBe("pending_approval");
    expect(await drainEvents(db, { config })).toBe(3);

    const approveLink = `https://breachdesk.example.org/incidents/${f.incident.slug}/bulk-actions/${requested.id}`;
    const [slackMessage] = receiver.received("/slack");
    const blocks = (slackMessage!.json as { blocks: { type: string; elements?: { text: { text: string }; url: string }[] }[] }).blocks;
    const button = blocks.find((b) => b.type === "actions")!.elements![0]!;
    expect([button.text.text, button.url]).toEqual(["Approve", approveLink]);
    const card = (receiver.received("/teams")[0]!.json as { attachments: { contentType: string; content: { actions: { url: string }[] } }[] })
      .attachments[0]!;
    expect(card.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(card.content.actions[0]!.url).toBe(approveLink);

    const [signed] = receiver.received("/hook");
    const body = signed!.json as { id: string; type: string; data: { approveUrl: string; request: { total: number } } };
    expect(body).toMatchObject({ type: "approval.requested", data: { approveUrl: approveLink, request: { total: 120 } } });
    expect(signed!.headers["webhook-id"]).toBe(body.id);
    const headers = {
      id: String(signed!.headers["webhook-id"]),
      timestamp: String(signed!.headers["webhook-timestamp"]),
      signature: String(signed!.headers["webhook-signature"]),
    };
    expect(verifyWebhookSignature(hook.secret!, headers, signed!.body)).toBe(true);

    await approveBulkAction(db, requested.id, f.approver);
    await drainEvents(db, { config });
    const approved = receiver.received("/hook").map((r) => (r.json as { type: string }).type);
    expect(approved).toEqual(["approval.requested", "approval.approved"]);
    // The filter: the webhook wants only these two; Slack hears of the approval too.
    expect(receiver.received("/slack")).toHaveLength(2);

    // No customer address in anything sent or stored (the accounts are …@example.com).
    for (const r of receiver.received()) expect(r.body).not.toMatch(/@example\.com/);
    const stored = await db.sql.query<{ payload: unknown }>(`SELECT payload FROM outgoing_events`);
    for (const { payload } of stored) expect(JSON.stringify(payload)).not.toMatch(/@/);
  });

  it("scopes a destination to one incident and scrubs addresses out of free text", async () => {
    const other = await createRemediationFixture(db, 1);
    await createDestination(db, { name: "Other", kind: "webhook", url: receiver.url("/other"), incidentId: other.incident.id }, admin());
    await createDestination(db, { name: "Ours", kind: "webhook", url: receiver.url("/ours"), incidentId: f.incident.id }, admin());
    const requested = await requestHold();
    await rejectBulkAction(db, requested.id, f.approver, "Ask jane.doe@example.com first");
    await drainEvents(db, { config });
    expect(receiver.received("/other")).toHaveLength(0);
    const types = receiver.received("/ours").map((r) => r.json as { type: string; data: { note: string | null } });
    expect(types.map((t) => t.type)).toEqual(["approval.requested", "approval.rejected"]);
    expect(types[1]!.data.note).toBe("Ask [address removed] first");
  });

  it("retries through a 5xx, a 429 with Retry-After and a timeout, always with the same event id", async () => {
    const hook = await createDestination(db, { name: "Flaky", kind: "webhook", url: receiver.url("/flaky") }, admin());
    receiver.fail("/flaky", { status: 503 }, { status: 429, retryAfter: "0" }, { hang: true });
    const { eventId } = await sendTestEvent(db, hook.destination.id, admin());
    await drainEvents(db, { config });
    const attempts = receiver.received("/flaky");
    expect(attempts).toHaveLength(4);
    expect(new Set(attempts.map((a) => a.headers["webhook-id"]))).toEqual(new Set([eventId]));
    const [log] = await listDeliveries(db, hook.destination.id);
    expect(log).toMatchObject({ eventId, status: "delivered", attempts: 4, responseCode: 200, lastError: null });
  });

  it("waits out a Retry-After longer than the backoff", async () => {
    const hook = await createDestination(db, { name: "Busy", kind: "webhook", url: receiver.url("/busy") }, admin());
    receiver.fail("/busy", { status: 429, retryAfter: "120" });
    await sendTestEvent(db, hook.destination.id, admin());
    await drainEvents(db, { config });
    expect(receiver.received("/busy")).toHaveLength(1);
    const [row] = await db.sql.query<{ wait: number; response_code: number }>(
      `SELECT extract(epoch FROM run_after - updated_at)::int AS wait, response_code FROM event_deliveries`,
    );
    expect(row!.response_code).toBe(429);
    expect(row!.wait).toBeGreaterThanOrEqual(119);
  });

  it("opens a failing destination's breaker, holding its deliveries while the others go", async () => {
    const bad = await createDestination(db, { name: "Down", kind: "webhook", url: receiver.url("/down") }, admin());
    const good = await createDestination(db, { name: "Up", kind: "slack", url: receiver.url("/up") }, admin());
    receiver.fail("/down", { status: 500 }, { status: 500 }, { status: 500 }, { status: 500 });
    await sendTestEvent(db, bad.destination.id, admin());
    await sendTestEvent(db, good.destination.id, admin());
    await drainEvents(db, { config: { ...config, breakerFailures: 2, breakerCooldownSeconds: 3600 } });
    expect(receiver.received("/down")).toHaveLength(2);
    expect(receiver.received("/up")).toHaveLength(1);
    const [down] = await db.sql.query<{ open: boolean; consecutive_failures: number }>(
      `SELECT breaker_open_until > now() AS open, consecutive_failures FROM event_destinations WHERE id = $1::uuid`,
      [bad.destination.id],
    );
    expect(down).toEqual({ open: true, consecutive_failures: 2 });
  });

  it("disables a destination after repeated failures, audited, and enabling it again delivers what waited", async () => {
    const bad = await createDestination(db, { name: "Gone", kind: "webhook", url: receiver.url("/gone") }, admin());
    receiver.fail("/gone", { status: 410 }, { status: 410 }, { status: 410 });
    await sendTestEvent(db, bad.destination.id, admin());
    await drainEvents(db, { config: { ...config, disableAfterFailures: 3 } });
    expect(receiver.received("/gone")).toHaveLength(3);
    const [row] = await db.sql.query<{ enabled: boolean; disabled_reason: string }>(
      `SELECT enabled, disabled_reason FROM event_destinations WHERE id = $1::uuid`,
      [bad.destination.id],
    );
    expect(row!.enabled).toBe(false);
    expect(row!.disabled_reason).toMatch(/3 failed deliveries in a row.*HTTP 410/);
    const audited = await db.sql.query(`SELECT 1 FROM audit_log WHERE action = 'event_destination.disabled' AND target_id = $1`, [
      bad.destination.id,
    ]);
    expect(audited).toHaveLength(1);
    // Disabled: nothing more is sent, and new events are not queued for it.
    await requestHold();
    expect(await drainEvents(db, { config })).toBe(0);
    await updateDestination(db, bad.destination.id, { enabled: true }, admin());
    await drainEvents(db, { config });
    expect(receiver.received("/gone")).toHaveLength(4);
  });

  it("signs with both secrets during a rotation's grace period", async () => {
    const hook = await createDestination(db, { name: "Rotating", kind: "webhook", url: receiver.url("/rot") }, admin());
    const rotated = await rotateDestinationSecret(db, hook.destination.id, admin());
    await sendTestEvent(db, hook.destination.id, admin());
    await drainEvents(db, { config });
    const [r] = receiver.received("/rot");
    const headers = { id: String(r!.headers["webhook-id"]), timestamp: String(r!.headers["webhook-timestamp"]), signature: String(r!.headers["webhook-signature"]) };
    expect(headers.signature.split(" ")).toHaveLength(2);
    expect(verifyWebhookSignature(hook.secret!, headers, r!.body)).toBe(true);
    expect(verifyWebhookSignature(rotated.secret, headers, r!.body)).toBe(true);
  });

  it("refuses a destination on a private address unless its host is allowed", async () => {
    await expect(
      createDestination(db, { name: "Metadata", kind: "webhook", url: "http://169.254.169.254/latest/meta-data" }, admin()),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(createDestination(db, { name: "Local", kind: "slack", url: "https://localhost:9/x" }, admin())).rejects.toMatchObject({
      code: "VALIDATION",
    });
  });

  it("announces an obligation due within 12 hours, and one overdue, once each", async () => {
    await createDestination(db, { name: "Deadlines", kind: "webhook", url: receiver.url("/due") }, admin());
    await db.sql.query(
      `INSERT INTO notification_obligations (id, incident_id, title, due_at)
       VALUES (gen_random_uuid(), $1::uuid, 'Notify the regulator', now() + interval '6 hours'),
              (gen_random_uuid(), $1::uuid, 'Notify the bank', now() - interval '1 hour'),
              (gen_random_uuid(), $1::uuid, 'Later', now() + interval '3 days')`,
      [f.incident.id],
    );
    await drainEvents(db, { config });
    await drainEvents(db, { config });
    const got = receiver.received("/due").map((r) => r.json as { type: string; data: { obligation: { title: string } } });
    expect(got.map((g) => [g.type, g.data.obligation.title]).sort()).toEqual([
      ["obligation.due_soon", "Notify the regulator"],
      ["obligation.overdue", "Notify the bank"],
    ]);
  });

  it("prunes delivered events past the retention, keeping what is still queued and obligations' events", async () => {
    const hook = await createDestination(db, { name: "Old", kind: "webhook", url: receiver.url("/old") }, admin());
    await sendTestEvent(db, hook.destination.id, admin());
    await drainEvents(db, { config });
    await sendTestEvent(db, hook.destination.id, admin());
    await db.sql.query(`INSERT INTO outgoing_events (id, type, payload) VALUES (gen_random_uuid(), 'obligation.overdue', '{}')`);
    const later = new Date(Date.now() + (OUTBOX_RETENTION_DAYS + 1) * 86_400_000);
    expect(await pruneOutbox(db, later)).toBe(1);
    const left = await db.sql.query<{ type: string; queued: number }>(
      `SELECT e.type, count(v.id) FILTER (WHERE v.status = 'queued')::int AS queued
         FROM outgoing_events e LEFT JOIN event_deliveries v ON v.event_id = e.id GROUP BY e.id, e.type ORDER BY e.type`,
    );
    expect(left).toEqual([
      { type: "destination.test", queued: 1 },
      { type: "obligation.overdue", queued: 0 },
    ]);
  });
});

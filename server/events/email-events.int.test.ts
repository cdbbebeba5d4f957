import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../test/db";
import { startEventReceiver, type EventReceiver } from "../../test/event-receiver";
import { startSmtpSink, type SmtpSink } from "../../test/smtp-sink";
import { resetEnvCache } from "../env";
import { requestBulkAction } from "../remediation/request-bulk-action";
import { createRemediationFixture, type RemediationFixture } from "../remediation/test-fixtures";
import { drainEvents } from "../workers/work";
import { deliveryConfig } from "./delivery/delivery-config";
import { createDestination, sendTestEvent } from "./destinations/manage-destination";

// E-mail destinations go through the notices' SMTP path (a real local SMTP
// server here) to the staff who may approve, never to customers; and a
// destination disabled after failing is told to the admins the same way.

describe.each(testDbKinds())("outgoing events by e-mail on %s", (kind) => {
  let db: TestDb;
  let sink: SmtpSink;
  let f: RemediationFixture;
  let receiver: EventReceiver;

  beforeAll(async () => {
    sink = await startSmtpSink({ keepRaw: true });
    vi.stubEnv("BREACHDESK_APPROVAL_THRESHOLD", "100");
    vi.stubEnv("BREACHDESK_OUTBOUND_ALLOW_HOSTS", "127.0.0.1");
    vi.stubEnv("BREACHDESK_SMTP_HOST", "127.0.0.1");
    vi.stubEnv("BREACHDESK_SMTP_PORT", String(sink.port));
    vi.stubEnv("BREACHDESK_SMTP_TLS", "none");
    vi.stubEnv("BREACHDESK_NOTICE_FROM", "security@exchange.example");
    resetEnvCache();
    db = await openTestDb(kind);
  });
  afterAll(async () => {
    await db?.cleanup();
    await sink.close();
    vi.unstubAllEnvs();
    resetEnvCache();
  });
  beforeEach(async () => {
    await resetTestDb(db);
    sink.clear();
    receiver = await startEventReceiver();
    f = await createRemediationFixture(db, 120);
    return () => receiver.close();
  });

  // The raw message with quoted-printable soft breaks and folded header lines undone.
  const readable = (raw: string) => raw.replace(/=\r?\n/g, "").replace(/\r?\n[ \t]+/g, " ");

  const staffAddresses = async (roles: string[]) =>
    (
      await db.sql.query<{ email: string }>(
        `SELECT email FROM staff_users WHERE active AND role::text = ANY($1::text[]) ORDER BY email`,
        [roles],
      )
    ).map((r) => r.email);

  it("mails an approval request to every staff member who may approve, with the link, and to no customer", async () => {
    await db.prisma.staffUser.create({
      data: { email: "support@breachdesk.test", name: "Sue Support", role: "support_agent", passwordHash: "not-a-real-hash" },
    });
    await createDestination(db, { name: "Approvers", kind: "email", eventTypes: ["approval.requested"] }, f.approver);
    const requested = await requestBulkAction(
      db,
      f.incident,
      { kind: "password_reset", reason: "Exposed", selection: { kind: "filter", query: "" } },
      f.requester,
    );
    await drainEvents(db, { config: { ...deliveryConfig(), retryBaseSeconds: 0 } });
    const recipients = sink.received.flatMap((m) => m.rcptTo).sort();
    // The two analysts may approve; the support agent may not; no customer (…@example.com) ever.
    expect(recipients).toEqual(await staffAddresses(["security_analyst", "admin"]));
    expect(recipients).not.toContain("support@breachdesk.test");
    for (const { raw } of sink.received) {
      const m = { raw: readable(raw) };
      expect(m.raw).toMatch(/Subject: \[Breachdesk\] Approval requested/);
      expect(m.raw).toContain(`/incidents/${f.incident.slug}/bulk-actions/${requested.id}`);
      expect(m.raw).not.toMatch(/@example\.com/);
    }
  });

  it("tells the admins by e-mail when a failing destination is disabled", async () => {
    await db.prisma.staffUser.create({
      data: { email: "admin@breachdesk.test", name: "Ada Admin", role: "admin", passwordHash: "not-a-real-hash" },
    });
    const hook = await createDestination(db, { name: "Broken SOAR", kind: "webhook", url: receiver.url("/broken") }, f.approver);
    receiver.fail("/broken", { status: 500 }, { status: 500 });
    await sendTestEvent(db, hook.destination.id, f.approver);
    await drainEvents(db, { config: { ...deliveryConfig(), retryBaseSeconds: 0, breakerFailures: 100, disableAfterFailures: 2 } });
    expect(sink.received.map((m) => m.rcptTo)).toEqual([["admin@breachdesk.test"]]);
    expect(readable(sink.received[0]!.raw)).toMatch(/Subject: \[Breachdesk\] Event destination disabled: Broken SOAR/);
  });
});

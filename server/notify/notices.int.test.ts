import PostalMime from "postal-mime";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { DEFAULT_NOTICE_TEMPLATE } from "../../lib/notify/render-notice";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../test/db";
import { startSmtpSink, type SmtpSink } from "../../test/smtp-sink";
import { verifyAuditChain } from "../audit/verify-audit-chain";
import { checkRecentSecondFactor, StepUpRequiredError } from "../auth/step-up";
import { confirmTotpEnrolment, startTotpEnrolment } from "../auth/second-factor";
import { createStaffSession } from "../auth/staff-session";
import { totpCode } from "../auth/totp";
import { resetEnvCache } from "../env";
import { createRemediationFixture, type RemediationFixture } from "../remediation/test-fixtures";
import { createTestStaff } from "../timeline/test-fixtures";
import { approveNoticeCampaign, cancelNoticeCampaign, rejectNoticeCampaign, resolveInDoubtMessages } from "./control-notice-campaign";
import { previewNoticeAudience } from "./preview-notice-audience";
import { requestNoticeCampaign } from "./request-notice-campaign";
import { saveNoticeTemplate } from "./save-notice-template";
import { drainNotices } from "../workers/work";

// Customer notices against a real database and a real SMTP server started
// here (smtp-server on a free port): what the server received is read back,
// envelope and MIME, and compared with what the database says was sent.

const N = 24;
// The approvals here are not the step-up's subject (its own test below is): passed.
const stepUpPassed = { stepUp: async () => {} };

describe.each(testDbKinds())("customer notices on %s", (kind) => {
  let db: TestDb;
  let sink: SmtpSink;
  let f: RemediationFixture;
  let templateId: string;

  function useSmtp(extra: Record<string, string> = {}) {
    const vars: Record<string, string> = {
      BREACHDESK_SMTP_HOST: "127.0.0.1",
      BREACHDESK_SMTP_PORT: String(sink.port),
      BREACHDESK_SMTP_TLS: "none",
      BREACHDESK_SMTP_POOL_SIZE: "3",
      BREACHDESK_SMTP_RETRY_BASE_SECONDS: "0",
      BREACHDESK_SMTP_RATE_PER_SECOND: "0",
      BREACHDESK_NOTICE_BATCH_SIZE: "10",
      BREACHDESK_NOTICE_FROM: "security@exchange.example",
      BREACHDESK_NOTICE_REPLY_TO: "help@exchange.example",
      BREACHDESK_WORK_POLL_MS: "20",
      BREACHDESK_APPROVAL_THRESHOLD: "1000",
      ...extra,
    };
    for (const [name, value] of Object.entries(vars)) vi.stubEnv(name, value);
    resetEnvCache();
  }

  beforeAll(async () => {
    db = await openTestDb(kind);
    sink = await startSmtpSink();
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    resetEnvCache();
    await sink.close();
    await db?.cleanup();
  });
  beforeEach(async () => {
    vi.unstubAllEnvs();
    useSmtp();
    sink.clear();
    sink.setPolicy(null);
    await resetTestDb(db);
    f = await createRemediationFixture(db, N, { unmatched: 2 });
    templateId = (await saveNoticeTemplate(db, f.incident.id, DEFAULT_NOTICE_TEMPLATE, f.requester)).id;
  });

  async function accounts(): Promise<Map<string, { id: number; email: string; external_id: string }>> {
    const rows = await db.sql.query<{ id: number; email: string; external_id: string }>(
      `SELECT id, email, external_id FROM customer_accounts WHERE id = ANY($1::int[])`,
      [f.accountIds],
    );
    return new Map(rows.map((r) => [r.email, { ...r, id: Number(r.id) }]));
  }

  it("sends one message per customer, the customer alone in To: and RCPT TO, with both parts, Reply-To and its Message-ID", async () => {
    // Account data that would be markup: escaped in the HTML part only.
    await db.sql.run(`UPDATE customer_accounts SET external_id = '<b>EX&1</b>' WHERE id = $1`, [f.accountIds[0]]);
    const requested = await requestNoticeCampaign(db, f.incident, { templateId, audience: "" }, f.requester);
    expect(requested).toMatchObject({ status: "running", total: N, skipped: { no_account: 2 } });
    expect(await drainNotices(db)).toBe(N);

    const byEmail = await accounts();
    expect(sink.received).toHaveLength(N);
    const seen = new Set<string>();
    for (const message of sink.received) {
      expect(message.rcptTo).toHaveLength(1);
      const to = message.rcptTo[0]!;
      expect(byEmail.has(to)).toBe(true);
      expect(seen.has(to)).toBe(false);
      seen.add(to);
      expect(message.mailFrom).toBe("security@exchange.example");
      const parsed = await PostalMime.parse(message.raw);
      expect(parsed.to).toEqual([{ address: to, name: "" }]);
      expect(parsed.cc ?? []).toEqual([]);
      expect(parsed.bcc ?? []).toEqual([]);
      expect(parsed.replyTo).toEqual([{ address: "help@exchange.example", name: "" }]);
      expect(parsed.subject).toBe(DEFAULT_NOTICE_TEMPLATE.subject);
      expect(parsed.headers.some((h) => h.key === "list-unsubscribe")).toBe(false);
      const account = byEmail.get(to)!;
      const masked = `${to[0]}***@example.com`;
      expect(parsed.text).toContain(masked);
      expect(parsed.text).not.toContain(to);
      expect(parsed.html).toContain(masked);
      if (account.id === f.accountIds[0]) {
        expect(parsed.text).toContain("account <b>EX&1</b>:");
        expect(parsed.html).toContain("account &lt;b&gt;EX&amp;1&lt;/b&gt;:");
      }
      const [stored] = await db.sql.query<{ message_id: string; status: string }>(
        `SELECT message_id, status::text FROM notice_messages WHERE account_id = $1`,
        [account.id],
      );
      expect(parsed.messageId).toBe(stored!.message_id);
      expect(stored!.status).toBe("sent");
    }

    const [campaign] = await db.sql.query<{ status: string; sent: number }>(
      `SELECT status::text, sent FROM notice_campaigns WHERE id = $1::uuid`,
      [requested.id],
    );
    expect(campaign).toEqual({ status: "completed", sent: N });
    const [milestone] = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM timeline_events WHERE incident_id = $1::uuid AND milestone = 'customers_notified'`,
      [f.incident.id],
    );
    expect(milestone!.n).toBe(1);
    const [audited] = await db.sql.query<{ sent: number; campaign: number }>(
      `SELECT count(*) FILTER (WHERE action = 'notice.sent')::int AS sent,
              count(*) FILTER (WHERE action = 'notice_campaign.completed')::int AS campaign FROM audit_log`,
    );
    expect(audited).toEqual({ sent: N, campaign: 1 });
    expect((await verifyAuditChain(db.sql)).ok).toBe(true);
  });

  it("retries a temporary failure with back-off, records a permanent bounce with the server's answer", async () => {
    const byEmail = [...(await accounts()).keys()];
    const flaky = byEmail[3]!;
    const gone = byEmail[5]!;
    sink.setPolicy((address, attempt) => {
      if (address === flaky && attempt <= 2) return { code: 451, message: "4.3.0 Try again later" };
      if (address === gone) return { code: 550, message: "5.1.1 No such mailbox" };
      return null;
    });
    await requestNoticeCampaign(db, f.incident, { templateId, audience: "" }, f.requester);
    await drainNotices(db);

    expect(sink.attempts.get(flaky)).toBe(3);
    expect(sink.received.filter((m) => m.rcptTo.includes(flaky))).toHaveLength(1);
    expect(sink.received.filter((m) => m.rcptTo.includes(gone))).toHaveLength(0);
    expect(sink.received).toHaveLength(N - 1);
    const rows = await db.sql.query<{ email: string; status: string; attempts: number; last_response: string | null }>(
      `SELECT m.recipient AS email, m.status::text, m.attempts, m.last_response FROM notice_messages m
        WHERE m.recipient = ANY($1::text[]) ORDER BY m.recipient`,
      [[flaky, gone]],
    );
    const flakyRow = rows.find((r) => r.email === flaky)!;
    const goneRow = rows.find((r) => r.email === gone)!;
    expect(flakyRow).toMatchObject({ status: "sent", attempts: 3 });
    expect(goneRow.status).toBe("bounced");
    expect(goneRow.last_response).toMatch(/550.*No such mailbox/);
    const [campaign] = await db.sql.query(`SELECT status::text, sent, bounced, failed FROM notice_campaigns`);
    expect(campaign).toEqual({ status: "completed", sent: N - 1, bounced: 1, failed: 0 });
    const [deferrals] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'notice.deferred'`);
    expect(deferrals!.n).toBe(2);
  });

  it("gives up after the last attempt: failed, with the server's last answer", async () => {
    useSmtp({ BREACHDESK_SMTP_MAX_ATTEMPTS: "2" });
    const flaky = [...(await accounts()).keys()][0]!;
    sink.setPolicy((address) => (address === flaky ? { code: 452, message: "4.2.2 Mailbox full" } : null));
    await requestNoticeCampaign(db, f.incident, { templateId, audience: "" }, f.requester);
    await drainNotices(db);
    const [row] = await db.sql.query(`SELECT status::text, attempts, last_response FROM notice_messages WHERE recipient = $1`, [flaky]);
    expect(row).toMatchObject({ status: "failed", attempts: 2 });
    expect((row as { last_response: string }).last_response).toMatch(/452.*Mailbox full/);
    expect(sink.attempts.get(flaky)).toBe(2);
  });

  it("keeps to the rate limit", async () => {
    // A lower bound only, which load cannot break (a busy machine only sends
    // later): the n-th message cannot be accepted before the limiter's n-th
    // slot, (n - 1) / rate after the sending started. Without the limiter the
    // whole campaign is accepted in a fraction of that.
    useSmtp({ BREACHDESK_SMTP_RATE_PER_SECOND: "20" });
    await requestNoticeCampaign(db, f.incident, { templateId, audience: "" }, f.requester);
    const started = performance.now();
    await drainNotices(db);
    expect(sink.received).toHaveLength(N);
    const times = sink.received.map((m) => m.at).sort((a, b) => a - b);
    times.forEach((at, i) => expect(at - started).toBeGreaterThanOrEqual((i * 1000) / 20));
  });

  it("above the four-eyes threshold waits for a different person; the requester cannot approve; nothing is sent before", async () => {
    useSmtp({ BREACHDESK_APPROVAL_THRESHOLD: "10" });
    const requested = await requestNoticeCampaign(db, f.incident, { templateId, audience: "" }, f.requester);
    expect(requested.status).toBe("pending_approval");
    expect(await drainNotices(db)).toBe(0);
    expect(sink.received).toHaveLength(0);
    await expect(approveNoticeCampaign(db, requested.id, f.requester, stepUpPassed)).rejects.toMatchObject({ code: "FORBIDDEN" });
    await approveNoticeCampaign(db, requested.id, f.approver, { note: "Checked the wording", ...stepUpPassed });
    await expect(approveNoticeCampaign(db, requested.id, f.approver, stepUpPassed)).rejects.toMatchObject({ code: "CONFLICT" });
    await drainNotices(db);
    expect(sink.received).toHaveLength(N);
    const [audit] = await db.sql.query<{ actor_email: string }>(
      `SELECT actor_email FROM audit_log WHERE action = 'notice_campaign.approved'`,
    );
    expect(audit!.actor_email).toBe(f.approver.email);
  });

  it("step-up: approving needs a recent second factor; a wrong code is refused and changes nothing; the right one approves", async () => {
    useSmtp({ BREACHDESK_APPROVAL_THRESHOLD: "10" });
    const requested = await requestNoticeCampaign(db, f.incident, { templateId, audience: "" }, f.requester);
    expect(requested.status).toBe("pending_approval");
    // The approver set up their app at a sign-in ten minutes ago (the window is five).
    const T0 = new Date("2026-06-01T09:00:10Z");
    const now = new Date(T0.getTime() + 600_000);
    const sessionId = await createStaffSession(db, { staffUserId: f.approver.id, method: "password", secondFactorAt: null, maxAgeSeconds: 8 * 3600, now: T0 });
    const { secret } = await startTotpEnrolment(db, { staffUserId: f.approver.id, sessionId });
    await confirmTotpEnrolment(db, { staffUserId: f.approver.id, sessionId, code: totpCode(secret, T0), now: T0 });
    const approveWith = (code?: string) =>
      approveNoticeCampaign(db, requested.id, f.approver, {
        note: "Wording checked",
        stepUp: () => checkRecentSecondFactor(db, { staffUserId: f.approver.id, sessionId, code, maxAgeSeconds: 300, ssoName: null, now }),
      });
    const right = totpCode(secret, now);
    // A code no step within the drift window has: wrong whatever the secret.
    const window = new Set([-30_000, 0, 30_000].map((d) => totpCode(secret, new Date(now.getTime() + d))));
    let wrong = right;
    for (let i = 1; window.has(wrong); i++) wrong = String((Number(right) + i) % 1_000_000).padStart(6, "0");

    await expect(approveWith()).rejects.toBeInstanceOf(StepUpRequiredError);
    await expect(approveWith(wrong)).rejects.toMatchObject({ code: "VALIDATION", fields: { secondFactorCode: expect.any(String) } });
    const unchanged = async () => {
      const [row] = await db.sql.query<{ status: string }>(`SELECT status::text FROM notice_campaigns WHERE id = $1::uuid`, [requested.id]);
      expect(row!.status).toBe("pending_approval");
      expect(await db.prisma.auditLog.count({ where: { action: "notice_campaign.approved" } })).toBe(0);
      expect(await drainNotices(db)).toBe(0);
    };
    await unchanged();

    await approveWith(right);
    const [row] = await db.sql.query<{ status: string }>(`SELECT status::text FROM notice_campaigns WHERE id = $1::uuid`, [requested.id]);
    expect(row!.status).toBe("running");
    expect(await db.prisma.auditLog.count({ where: { action: "auth.step_up_passed", actorId: f.approver.id } })).toBe(1);
    expect(await db.prisma.auditLog.count({ where: { action: "notice_campaign.approved", actorId: f.approver.id } })).toBe(1);
    // The same code again (another approval in the same time step): refused as used.
    await expect(
      checkRecentSecondFactor(db, { staffUserId: f.approver.id, sessionId, code: right, maxAgeSeconds: 300, ssoName: null, now }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    expect(await drainNotices(db)).toBe(N);
  });

  it("freezes the audience: an earlier campaign's customers are skipped, a rejected or cancelled one's are not", async () => {
    useSmtp({ BREACHDESK_APPROVAL_THRESHOLD: "10" });
    const first = await requestNoticeCampaign(db, f.incident, { templateId, audience: "tier=critical" }, f.requester);
    expect(first).toMatchObject({ status: "running" });
    const critical = first.total;
    expect(critical).toBeGreaterThan(0);
    const preview = await previewNoticeAudience(db, f.incident, "");
    expect(preview).toMatchObject({ recipients: N - critical, skipped: { no_account: 2, already_notified: critical }, needsApproval: true });
    const second = await requestNoticeCampaign(db, f.incident, { templateId, audience: "", expectedCount: N - critical }, f.requester);
    await rejectNoticeCampaign(db, second.id, f.approver, "Wrong wording");
    expect((await previewNoticeAudience(db, f.incident, "")).recipients).toBe(N - critical);
    await expect(
      requestNoticeCampaign(db, f.incident, { templateId, audience: "", expectedCount: N }, f.requester),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await cancelNoticeCampaign(db, first.id, f.requester);
    await drainNotices(db);
    expect(sink.received).toHaveLength(0);
    expect((await previewNoticeAudience(db, f.incident, "")).recipients).toBe(N);
  });

  it("marks a dead sender's messages in doubt, never resends them by itself, and sends them again when a person says so", async () => {
    const requested = await requestNoticeCampaign(db, f.incident, { templateId, audience: "" }, f.requester);
    // As a sender killed after marking them "sending" leaves them: leased to nobody alive.
    await db.sql.run(
      `UPDATE notice_messages SET status = 'sending', attempts = 1, lease_owner = 'dead-sender', lease_expires_at = now() - interval '1 minute'
        WHERE campaign_id = $1::uuid AND seq <= 3`,
      [requested.id],
    );
    await drainNotices(db);
    expect(sink.received).toHaveLength(N - 3);
    const campaign = () => db.sql.query(`SELECT status::text, sent, in_doubt FROM notice_campaigns WHERE id = $1::uuid`, [requested.id]);
    expect(await campaign()).toEqual([{ status: "completed", sent: N - 3, in_doubt: 3 }]);
    await drainNotices(db);
    expect(sink.received).toHaveLength(N - 3);

    await resolveInDoubtMessages(db, requested.id, f.approver, "resend");
    await drainNotices(db);
    expect(sink.received).toHaveLength(N);
    expect(new Set(sink.received.map((m) => m.rcptTo[0])).size).toBe(N);
    expect(await campaign()).toEqual([{ status: "completed", sent: N, in_doubt: 0 }]);
    await expect(resolveInDoubtMessages(db, requested.id, f.approver, "sent")).rejects.toMatchObject({ code: "CONFLICT" });
    const [audit] = await db.sql.query<{ doubt: number; requeued: number }>(
      `SELECT count(*) FILTER (WHERE action = 'notice.in_doubt')::int AS doubt,
              count(*) FILTER (WHERE action = 'notice.in_doubt_requeued')::int AS requeued FROM audit_log`,
    );
    expect(audit).toEqual({ doubt: 3, requeued: 3 });
  });

  it("with no relay configured, writes to the local outbox and sends nothing", async () => {
    vi.stubEnv("BREACHDESK_SMTP_HOST", "");
    resetEnvCache();
    await requestNoticeCampaign(db, f.incident, { templateId, audience: "" }, f.requester);
    await drainNotices(db);
    expect(sink.received).toHaveLength(0);
    const rows = await db.sql.query<{ recipient: string; raw: string }>(`SELECT recipient, raw FROM notice_outbox ORDER BY id`);
    expect(rows).toHaveLength(N);
    for (const row of rows) {
      const parsed = await PostalMime.parse(row.raw);
      expect(parsed.to).toEqual([{ address: row.recipient, name: "" }]);
    }
    const [campaign] = await db.sql.query(`SELECT status::text, sent FROM notice_campaigns`);
    expect(campaign).toEqual({ status: "completed", sent: N });
  });

  // Four eyes over a window, as bulk actions: two campaigns under the
  // threshold by one person (or token) in 24 hours are one over it.
  /** A threshold each of the critical and high audiences stays at or under, both together pass. */
  async function windowThreshold(): Promise<string> {
    const critical = (await previewNoticeAudience(db, f.incident, "tier=critical")).recipients;
    const high = (await previewNoticeAudience(db, f.incident, "tier=high")).recipients;
    expect(Math.min(critical, high)).toBeGreaterThan(0);
    return String(Math.max(critical, high));
  }
  async function createToken(createdById: string) {
    return db.prisma.apiToken.create({
      data: { name: "notice-bot", tokenHash: `hash-notice-bot-${createdById}`, prefix: "bd_test", scopes: [], createdById, role: "security_analyst", expiresAt: new Date(Date.now() + 86_400_000) },
      select: { id: true },
    });
  }

  it("counts one person's campaigns over 24 hours: the second that passes the threshold waits; another person's do not count", async () => {
    useSmtp({ BREACHDESK_APPROVAL_THRESHOLD: await windowThreshold() });
    const first = await requestNoticeCampaign(db, f.incident, { templateId, audience: "tier=critical" }, f.requester);
    expect(first.status).toBe("running");
    const others = await requestNoticeCampaign(db, f.incident, { templateId, audience: "tier=high" }, f.approver);
    expect(others.status).toBe("running");
    await cancelNoticeCampaign(db, others.id, f.approver);
    expect((await previewNoticeAudience(db, f.incident, "tier=high", f.requester)).needsApproval).toBe(true);
    expect((await previewNoticeAudience(db, f.incident, "tier=high", await createTestStaff(db, "Nora Newcomer"))).needsApproval).toBe(false);
    const second = await requestNoticeCampaign(db, f.incident, { templateId, audience: "tier=high" }, f.requester);
    expect(second.status).toBe("pending_approval");
    await rejectNoticeCampaign(db, second.id, f.approver, "Too much at once");
    // A day later (moved in the database), the first no longer counts.
    await db.sql.query(`UPDATE notice_campaigns SET created_at = created_at - interval '25 hours' WHERE id = $1::uuid`, [first.id]);
    const third = await requestNoticeCampaign(db, f.incident, { templateId, audience: "tier=high" }, f.requester);
    expect(third.status).toBe("running");
  });

  it("records the token a campaign was requested with; its creator may not approve it", async () => {
    useSmtp({ BREACHDESK_APPROVAL_THRESHOLD: await windowThreshold() });
    const token = await createToken(f.requester.id);
    const viaToken = { ...f.requester, tokenId: token.id };
    expect((await requestNoticeCampaign(db, f.incident, { templateId, audience: "tier=critical" }, viaToken)).status).toBe("running");
    const second = await requestNoticeCampaign(db, f.incident, { templateId, audience: "tier=high" }, viaToken);
    expect(second.status).toBe("pending_approval");
    const row = await db.prisma.noticeCampaign.findUniqueOrThrow({ where: { id: second.id } });
    expect(row).toMatchObject({ requestedById: f.requester.id, requestedByTokenId: token.id });
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: "notice_campaign.requested", targetId: second.id } });
    expect(audit.detail).toMatchObject({ tokenId: token.id, needsApproval: true });
    await expect(approveNoticeCampaign(db, second.id, f.requester, stepUpPassed)).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringMatching(/requested with an API token you created/),
    });
    expect((await approveNoticeCampaign(db, second.id, f.approver, stepUpPassed)).status).toBe("running");
  });
});

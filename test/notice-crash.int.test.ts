import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_NOTICE_TEMPLATE } from "../lib/notify/render-notice";
import { verifyAuditChain } from "../server/audit/verify-audit-chain";
import { requestNoticeCampaign } from "../server/notify/request-notice-campaign";
import { saveNoticeTemplate } from "../server/notify/save-notice-template";
import { createRemediationFixture } from "../server/remediation/test-fixtures";
import { resetTestDb, testDbKinds } from "./db";
import { crashTestDatabase } from "./crash-database";
import { breachdesk } from "./run-cli";
import { startSmtpSink, type SmtpSink } from "./smtp-sink";

// The notice sender killed with SIGKILL mid-campaign, in a real process
// (`breachdesk worker --drain`), at a point it announces itself
// (BREACHDESK_CRASH_AT), then restarted. What the SMTP server (started here)
// received is the judge: nobody gets two messages. A sender killed after the
// relay accepted a batch and before recording it leaves those messages "in
// doubt" (never resent: at most once); everyone else gets exactly one.

const CUSTOMERS = 60;
const BATCH = 8;

describe.each(testDbKinds())("a notice sender killed with SIGKILL on %s", { timeout: 240_000 }, (kind) => {
  let env: Record<string, string>;
  let sink: SmtpSink;
  let campaignId: string;

  const database = crashTestDatabase(kind, "notice crash test");
  const withDb = database.withDb;

  beforeAll(async () => {
    sink = await startSmtpSink();
    const common = {
      BREACHDESK_WORK_LEASE_SECONDS: "1",
      BREACHDESK_WORK_POLL_MS: "50",
      BREACHDESK_APPROVAL_THRESHOLD: "100000",
      BREACHDESK_NOTICE_BATCH_SIZE: String(BATCH),
      BREACHDESK_SMTP_POOL_SIZE: "2",
      // One claim loop, so that exactly one batch is in flight when the sender is killed.
      BREACHDESK_NOTICE_SENDER_LOOPS: "1",
      BREACHDESK_NOTICE_FROM: "security@exchange.example",
    };
    await database.open(common);
    env = database.env;
  });
  afterAll(async () => {
    await sink.close();
    await database.close();
  });
  beforeEach(async () => {
    sink.clear();
    campaignId = await withDb(async (db) => {
      await resetTestDb(db);
      const f = await createRemediationFixture(db, CUSTOMERS);
      const template = await saveNoticeTemplate(db, f.incident.id, DEFAULT_NOTICE_TEMPLATE, f.requester);
      const requested = await requestNoticeCampaign(
        db,
        f.incident,
        { templateId: template.id, audience: "" },
        f.requester,
      );
      expect(requested).toMatchObject({ status: "running", total: CUSTOMERS });
      return requested.id;
    });
  });

  const smtp = () => ({
    BREACHDESK_SMTP_HOST: "127.0.0.1",
    BREACHDESK_SMTP_PORT: String(sink.port),
    BREACHDESK_SMTP_TLS: "none",
  });

  async function state() {
    return withDb(async (db) => {
      const rows = await db.sql.query<{ recipient: string; status: string }>(
        `SELECT recipient, status::text FROM notice_messages WHERE campaign_id = $1::uuid`,
        [campaignId],
      );
      const [campaign] = await db.sql.query<{ status: string; sent: number; in_doubt: number }>(
        `SELECT status::text, sent, in_doubt FROM notice_campaigns WHERE id = $1::uuid`,
        [campaignId],
      );
      const [audit] = await db.sql.query<{ sent: number; doubt: number }>(
        `SELECT count(*) FILTER (WHERE action = 'notice.sent')::int AS sent,
                count(*) FILTER (WHERE action = 'notice.in_doubt')::int AS doubt FROM audit_log`,
      );
      expect((await verifyAuditChain(db.sql)).ok).toBe(true);
      return { rows, campaign: campaign!, audit: audit! };
    });
  }

  /** How many messages each customer received, and with how many recipients each. */
  function deliveries(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const message of sink.received) {
      expect(message.rcptTo).toHaveLength(1);
      counts.set(message.rcptTo[0]!, (counts.get(message.rcptTo[0]!) ?? 0) + 1);
    }
    return counts;
  }

  async function killThenRestart(point: string, extraEnv: Record<string, string>) {
    const killed = await breachdesk({ ...env, ...extraEnv }, ["worker", "--drain"], point);
    expect(killed.crashed, killed.stderr).toBe(true);
    expect(killed.signal).toBe("SIGKILL");
    // Mid-campaign: the points are armed from the second batch, so the first was sent and recorded.
    const before = await state();
    expect(before.campaign.status).toBe("running");
    expect(before.campaign.sent).toBeGreaterThanOrEqual(BATCH);
    const again = await breachdesk({ ...env, ...extraEnv }, ["worker", "--drain"]);
    expect(again.code, again.stderr).toBe(0);
  }

  it("killed after claiming a batch: restarted, every customer received exactly one message", async () => {
    await killThenRestart("notice-claim", smtp());
    const received = deliveries();
    expect(received.size).toBe(CUSTOMERS);
    expect([...received.values()].every((n) => n === 1)).toBe(true);
    const { rows, campaign, audit } = await state();
    expect(rows.every((r) => r.status === "sent")).toBe(true);
    expect(campaign).toEqual({ status: "completed", sent: CUSTOMERS, in_doubt: 0 });
    expect(audit).toEqual({ sent: CUSTOMERS, doubt: 0 });
  });

  it("killed after the relay accepted a batch, before recording it: restarted, every customer received exactly one message; that batch is in doubt, not resent", async () => {
    await killThenRestart("notice-accepted", smtp());
    const received = deliveries();
    expect(received.size).toBe(CUSTOMERS);
    expect([...received.values()].every((n) => n === 1)).toBe(true);
    const { rows, campaign, audit } = await state();
    const inDoubt = rows.filter((r) => r.status === "in_doubt");
    expect(inDoubt).toHaveLength(BATCH);
    // The in-doubt ones did reach the relay: a person checking its log finds them.
    for (const row of inDoubt) expect(received.get(row.recipient)).toBe(1);
    expect(campaign).toEqual({ status: "completed", sent: CUSTOMERS - BATCH, in_doubt: BATCH });
    expect(audit).toEqual({ sent: CUSTOMERS - BATCH, doubt: BATCH });
  });

  it("killed after marking a batch 'sending', before SMTP: nobody receives two; that batch is in doubt (at most once) for a person to check", async () => {
    await killThenRestart("notice-sending", smtp());
    const received = deliveries();
    expect([...received.values()].every((n) => n === 1)).toBe(true);
    const { rows, campaign } = await state();
    const inDoubt = rows.filter((r) => r.status === "in_doubt");
    expect(inDoubt).toHaveLength(BATCH);
    for (const row of inDoubt) expect(received.has(row.recipient)).toBe(false);
    expect(received.size).toBe(CUSTOMERS - BATCH);
    expect(campaign).toEqual({ status: "completed", sent: CUSTOMERS - BATCH, in_doubt: BATCH });
  });

  it("with the local outbox (keyed by Message-ID), a batch killed after writing is simply written again: exactly one per customer, none in doubt", async () => {
    await killThenRestart("notice-accepted", { BREACHDESK_SMTP_HOST: "" });
    expect(sink.received).toHaveLength(0);
    const { campaign } = await state();
    expect(campaign).toEqual({ status: "completed", sent: CUSTOMERS, in_doubt: 0 });
    const outbox = await withDb((db) =>
      db.sql.query<{ recipient: string; n: number }>(
        `SELECT recipient, count(*)::int AS n FROM notice_outbox GROUP BY recipient`,
      ),
    );
    expect(outbox).toHaveLength(CUSTOMERS);
    expect(outbox.every((r) => Number(r.n) === 1)).toBe(true);
  });
});

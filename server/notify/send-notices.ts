import { NoticeMessage, NoticeMessageError } from "../../lib/notify/notice-message";
import { compileNoticeTemplate, type RenderedNotice } from "../../lib/notify/render-notice";
import type { NoticeContext } from "../../lib/notify/render-notice";
import { appendAuditEntries, type AuditEntry } from "../audit/record-audit";
import type { Db } from "../db";
import type { SqlQueryable } from "../db/driver";
import { backoffSeconds } from "../jobs/backoff";
import { claimRows } from "../jobs/claim";
import { jobsConfig } from "../jobs/config";
import { crashPoint } from "../jobs/crash-point";
import { expirySweep, finishOnce } from "../jobs/four-eyes-flow";
import type { JobKind, JobRunner } from "../jobs/job-kind";
import type { Sweep } from "../jobs/sweeps";
import { loadNoticeAccounts } from "./notice-context";
import { noticeRequests } from "./notice-requests";
import { notifyConfig, type NotifyConfig } from "./notify-config";
import { outboxTransport, smtpTransport, type NoticeTransport, type SendResult } from "./notice-transport";
import { createRateLimiter } from "./rate-limiter";
import { addCounts, type SettledCampaign } from "./sql/add-campaign-counts";
import { CLAIM_QUEUED, CLAIM_RETRIES, noticesLeft, runningCampaignIds, type ClaimedNotice } from "./sql/claim-notices";
import { loadCampaigns } from "./sql/load-campaigns";
import { markSending } from "./sql/mark-sending";
import { recordAnswers } from "./sql/record-answers";
import { markAbandonedInDoubt, requeueAbandonedSends } from "./sql/settle-abandoned";

/*
 * The sending worker. Exactly once is not possible over SMTP: a relay can
 * accept a message and the sender die before it records that. So each
 * message moves through states, each committed before the next step:
 *
 *   queued ──claim (lease)──► still queued, leased to this sender
 *          ──mark──────────► sending   (committed, with its Message-ID, BEFORE the SMTP transaction)
 *          ──SMTP──────────► relay's answer
 *          ──record────────► sent | deferred (4xx, retried later) | bounced (5xx) | failed
 *
 * A sender that dies after the claim leaves messages still queued: the lease
 * runs out and any sender sends them. One that dies after "sending" leaves
 * messages that may or may not have reached the relay: nobody can know from
 * here. Those become "in doubt" when their lease runs out, are counted and
 * shown on the campaign page for a person to check against the relay's log,
 * and are NEVER resent automatically: for a breach notice, a customer missing
 * one message (and a human told so) is better than customers receiving two.
 * This is at-most-once for in-doubt messages, exactly once for every other.
 * The window is one batch's SMTP round trip. The local outbox is keyed by
 * Message-ID (sending twice stores one), so with it a dead sender's messages
 * are simply sent again: exactly once in every case.
 */

export type NoticeSender = {
  db: Db;
  config: NotifyConfig;
  transport: NoticeTransport;
  limiter: { take(): Promise<void> };
  templates: Map<string, (context: NoticeContext) => RenderedNotice>;
  close(): void;
};

/** One sender per process: its transport (a pool of SMTP connections, or the outbox) and its rate limit. */
export function createNoticeSender(db: Db, config: NotifyConfig = notifyConfig()): NoticeSender {
  const transport = config.smtp ? smtpTransport(config.smtp, config.poolSize) : outboxTransport(db.sql);
  return {
    db,
    config,
    transport,
    limiter: createRateLimiter(config.ratePerSecond),
    templates: new Map(),
    close: () => transport.close(),
  };
}

/** Messages can take a while over SMTP (timeouts of a minute): their lease is longer than a batch's. */
function noticeLeaseSeconds(): number {
  return jobsConfig().leaseSeconds * 4;
}

// Batches this process has started: the crash tests' points are armed from
// the second, so a kill lands mid-campaign, with a batch already sent and recorded.
let batchesStarted = 0;
async function midCampaignCrashPoint(name: string): Promise<void> {
  if (batchesStarted > 1) await crashPoint(name);
}

type Claimed = ClaimedNotice;

/**
 * Leases up to `limit` messages to this sender, in its own short transaction:
 * due retries first, then running campaigns' queued messages in order. SKIP
 * LOCKED lets senders claim side by side. The messages stay queued (or
 * deferred): nothing has been sent yet.
 */
async function claimNotices(sql: Db["sql"], senderId: string, leaseSeconds: number, limit: number): Promise<Claimed[]> {
  return sql.transaction(async (tx) => {
    const lease = { workerId: senderId, leaseSeconds };
    const retries = await claimRows<Claimed>(tx, CLAIM_RETRIES, lease, [limit]);
    const room = limit - retries.length;
    if (room <= 0) return retries;
    const campaigns = await runningCampaignIds(tx);
    if (campaigns.length === 0) return retries;
    const fresh = await claimRows<Claimed>(tx, CLAIM_QUEUED, lease, [room, campaigns]);
    if (retries.length + fresh.length > 0) batchesStarted += 1;
    await midCampaignCrashPoint("notice-claim");
    return [...retries, ...fresh];
  });
}

type Outcome = { row: Claimed; incidentId: string; result: SendResult | { status: "failed"; response: string } };

export type NoticeBatchOutcome = { claimed: number; sent: number; deferred: number; bounced: number; failed: number };

/** Claims, builds, sends and records one batch. Null when there was nothing to send. */
async function runNoticeBatch(sender: NoticeSender, senderId: string): Promise<NoticeBatchOutcome | null> {
  const { db, config } = sender;
  const claimed = await claimNotices(db.sql, senderId, noticeLeaseSeconds(), config.batchSize);
  if (claimed.length === 0) return null;

  const campaigns = new Map((await loadCampaigns(db.sql, [...new Set(claimed.map((c) => c.campaign_id))])).map((c) => [c.id, c]));
  const outcomes: Outcome[] = [];
  const ready: { row: Claimed; incidentId: string; message: NoticeMessage }[] = [];
  const supportContact = config.replyTo ?? config.from;
  for (const campaign of campaigns.values()) {
    let render = sender.templates.get(campaign.template_id);
    if (!render) {
      render = compileNoticeTemplate({ subject: campaign.subject, textBody: campaign.text_body, htmlBody: campaign.html_body });
      sender.templates.set(campaign.template_id, render);
    }
    const rows = claimed.filter((c) => c.campaign_id === campaign.id);
    const accounts = await loadNoticeAccounts(
      db.sql,
      { id: campaign.incident_id, leakStartedAt: new Date(campaign.leak_started_at) },
      rows.map((r) => Number(r.account_id)),
      supportContact,
    );
    for (const row of rows) {
      const account = accounts.get(Number(row.account_id));
      if (!account) {
        outcomes.push({ row, incidentId: campaign.incident_id, result: { status: "failed", response: "The account no longer exists." } });
        continue;
      }
      try {
        const rendered = render(account.context);
        const message = NoticeMessage.forCustomer({
          to: account.email,
          intendedRecipient: row.recipient,
          from: config.from,
          replyTo: config.replyTo,
          messageId: row.message_id,
          ...rendered,
        });
        ready.push({ row, incidentId: campaign.incident_id, message });
      } catch (error) {
        if (!(error instanceof NoticeMessageError) && !(error instanceof Error)) throw error;
        outcomes.push({ row, incidentId: campaign.incident_id, result: { status: "failed", response: `Not sent: ${error.message}` } });
      }
    }
  }

  // Committed before any SMTP transaction: from here a death leaves these "sending" (in doubt).
  const marked = await markSending(db.sql, senderId, ready.map((r) => r.row));
  await midCampaignCrashPoint("notice-sending");
  const sending = ready.filter((r) => marked.has(`${r.row.campaign_id}:${r.row.seq}`));
  const results = await Promise.all(
    sending.map(async ({ row, incidentId, message }) => {
      await sender.limiter.take();
      return { row, incidentId, result: await sender.transport.send(message, { incidentId, campaignId: row.campaign_id, test: false }) };
    }),
  );
  await midCampaignCrashPoint("notice-accepted");
  outcomes.push(...results);
  // Messages that could not be built were never marked: record them from their claimed state.
  return recordOutcomes(sender, senderId, outcomes, claimed.length);
}

async function recordOutcomes(sender: NoticeSender, senderId: string, outcomes: Outcome[], claimed: number): Promise<NoticeBatchOutcome> {
  const { db, config } = sender;
  const at = new Date();
  const tally: NoticeBatchOutcome = { claimed, sent: 0, deferred: 0, bounced: 0, failed: 0 };
  await db.sql.transaction(async (tx) => {
    const updated = await recordAnswers(
      tx,
      senderId,
      outcomes.map(({ row, result }) => ({
        campaign_id: row.campaign_id,
        seq: row.seq,
        // A deferral past the last attempt is a failure.
        status: result.status === "deferred" && Number(row.attempts) + 1 >= config.maxAttempts ? "failed" : result.status,
        response: result.response.slice(0, 1000),
        run_after: new Date(
          at.getTime() + 1000 * backoffSeconds(Number(row.attempts), { baseSeconds: config.retryBaseSeconds, maxExponent: 16 }),
        ).toISOString(),
      })),
      at,
    );
    const perCampaign = new Map<string, { sent: number; bounced: number; failed: number }>();
    const incidentOf = new Map(outcomes.map((o) => [o.row.campaign_id, o.incidentId]));
    const responseOf = new Map(outcomes.map((o) => [`${o.row.campaign_id}:${o.row.seq}`, o.result.response]));
    const entries: AuditEntry[] = [];
    for (const row of updated) {
      const status = row.status as "sent" | "deferred" | "bounced" | "failed";
      tally[status] += 1;
      const c = perCampaign.get(row.campaign_id) ?? { sent: 0, bounced: 0, failed: 0 };
      if (status !== "deferred") c[status] += 1;
      perCampaign.set(row.campaign_id, c);
      entries.push({
        actor: null,
        at,
        action: `notice.${status}`,
        incidentId: incidentOf.get(row.campaign_id) ?? null,
        targetType: "customer_account",
        targetId: String(row.account_id),
        detail: {
          campaignId: row.campaign_id,
          messageId: row.message_id,
          attempt: Number(row.attempts),
          response: (responseOf.get(`${row.campaign_id}:${row.seq}`) ?? "").slice(0, 300),
        },
      });
    }
    const settled: SettledCampaign[] = [];
    for (const [campaignId, delta] of perCampaign) {
      const final = await addCounts(tx, campaignId, { ...delta, inDoubt: 0 }, at);
      if (final) settled.push(final);
    }
    await appendAuditEntries(tx, entries);
    await finishCampaigns(tx, settled, at);
  });
  return tally;
}

/**
 * Campaigns whose last message this batch (or sweep) settled: finished once,
 * with their audit entry and the "customers notified" milestone, in its transaction.
 */
async function finishCampaigns(tx: SqlQueryable, settled: readonly SettledCampaign[], at: Date): Promise<void> {
  for (const campaign of settled) {
    const { id, status, total, counts } = campaign;
    await finishOnce(tx, noticeRequests, id, { status, at, actor: null, counts, auditDetail: { total, ...counts } });
  }
}

/**
 * What time settles: "sending" messages whose sender died (lease run out)
 * become in doubt (or, with the idempotent outbox, queued again); a campaign
 * they finish gets its milestone in the same transaction. Safe from any
 * number of senders at once.
 */
async function settleAbandonedSends(db: Db, transportIdempotent: boolean, at: Date): Promise<{ inDoubt: number; requeued: number }> {
  if (transportIdempotent) return { inDoubt: 0, requeued: await requeueAbandonedSends(db.sql) };
  const inDoubt = await db.sql.transaction(async (tx) => {
    const doubtful = await markAbandonedInDoubt(tx, at);
    const perCampaign = new Map<string, number>();
    for (const d of doubtful) perCampaign.set(d.campaign_id, (perCampaign.get(d.campaign_id) ?? 0) + 1);
    const entries: AuditEntry[] = doubtful.map((d) => ({
      actor: null,
      at,
      action: "notice.in_doubt",
      incidentId: d.incident_id,
      targetType: "customer_account",
      targetId: String(d.account_id),
      detail: { campaignId: d.campaign_id, messageId: d.message_id },
    }));
    const settled: SettledCampaign[] = [];
    for (const [campaignId, n] of [...perCampaign].sort()) {
      const final = await addCounts(tx, campaignId, { sent: 0, bounced: 0, failed: 0, inDoubt: n }, at);
      if (final) settled.push(final);
    }
    await appendAuditEntries(tx, entries);
    await finishCampaigns(tx, settled, at);
    return doubtful.length;
  });
  return { inDoubt, requeued: 0 };
}

/** Notices' sweeps, run by the sender loops when idle; the transport decides how an abandoned send settles. */
function noticeSweeps(transportIdempotent: boolean): Sweep[] {
  return [
    { name: "inDoubt", run: async (db, at) => (await settleAbandonedSends(db, transportIdempotent, at)).inDoubt },
    // Campaign requests nobody approved in time: expired, their messages cancelled, on the timeline and audited.
    expirySweep("expired", noticeRequests),
  ];
}

/**
 * Customer notices as a kind of leased work: a unit is one batch of messages.
 * Each process opens one sender (its transport, a pool of SMTP connections or
 * the outbox, and its rate limit) shared by its loops. Two loops by default
 * (BREACHDESK_NOTICE_SENDER_LOOPS): while one records its batch and claims
 * the next, the other's messages are on the wire, so the connections and the
 * rate limit's slots do not wait for the database.
 */
export function noticeJobs(options: { config?: NotifyConfig } = {}): JobKind<NoticeBatchOutcome> {
  const config = options.config ?? notifyConfig();
  const transportIdempotent = !config.smtp;
  return {
    name: "notice sender",
    workerLabel: "notices",
    drainLabel: "drain-notices",
    sweeps: noticeSweeps(transportIdempotent),
    loops: () => config.senderLoops,
    open(db: Db): JobRunner<NoticeBatchOutcome> {
      const sender = createNoticeSender(db, config);
      return {
        describe: `${sender.transport.name}${config.ratePerSecond ? `, ${config.ratePerSecond}/s` : ""}`,
        runOne: (senderId) => runNoticeBatch(sender, senderId),
        hasWork: () => noticesLeft(db.sql),
        count: (outcome) => outcome.claimed,
        close: () => sender.close(),
      };
    },
  };
}

import "server-only";
import type { Db } from "../db";
import { env } from "../env";

export type ExchangeStatus = {
  provider: {
    kind: "builtin" | "http";
    url: string | null;
    secrets: number;
    rateLimit: number | null;
    concurrency: number;
    itemsPerCall: number;
    timeoutMs: number;
  };
  paused: { id: string; incidentSlug: string; kind: string; reason: string; resumeAt: Date | null }[];
  deliveries: { accepted: number; refused: number; events: number; duplicates: number; applied: number; lastAcceptedAt: Date | null };
  outcomes: { outcome: string; count: number }[];
  refused: { at: Date; httpStatus: number; reason: string; remoteIp: string | null }[];
  /** Requests without a plausible signature, counted per source and reason (not stored one by one). */
  unsigned: { total: number; sources: { remoteIp: string | null; reason: string; count: number; lastAt: Date }[] };
  /**
   * Events that found nothing to change when they arrived: a release or end
   * with no hold (no_hold), a completion before any reset (no_reset), and
   * those applied later when the effect they follow was recorded
   * (applied_late). Newest first.
   */
  anomalies: {
    eventId: string;
    type: string;
    account: string;
    accountId: number | null;
    occurredAt: Date;
    receivedAt: Date;
    outcome: "no_hold" | "no_reset" | "applied_late";
  }[];
};

const ANOMALY_OUTCOMES = ["no_hold", "no_reset", "applied_late"] as const;

/** What the admins' Exchange page shows: the provider in use, actions the breaker paused, and webhook delivery. */
export async function getExchangeStatus(db: Db, windowMs: number): Promise<ExchangeStatus> {
  const e = env();
  const since = new Date(Date.now() - windowMs);
  const [paused, [totals], outcomes, refused, unsigned, anomalies] = await Promise.all([
    db.sql.query<{ id: string; slug: string; kind: string; pause_reason: string; auto_resume_at: Date | null }>(
      `SELECT a.id::text, i.slug, a.kind::text, a.pause_reason, a.auto_resume_at
         FROM bulk_actions a JOIN incidents i ON i.id = a.incident_id
        WHERE a.status = 'paused' AND a.pause_reason IS NOT NULL ORDER BY a.updated_at DESC LIMIT 20`,
    ),
    db.sql.query<{ accepted: number; refused: number; events: number; duplicates: number; applied: number; last: Date | null }>(
      `SELECT count(*) FILTER (WHERE accepted)::int AS accepted, count(*) FILTER (WHERE NOT accepted)::int AS refused,
              coalesce(sum(events), 0)::int AS events, coalesce(sum(duplicates), 0)::int AS duplicates,
              coalesce(sum(applied), 0)::int AS applied, max(received_at) FILTER (WHERE accepted) AS last
         FROM exchange_webhook_deliveries WHERE received_at >= $1::timestamptz`,
      [since.toISOString()],
    ),
    db.sql.query<{ outcome: string; n: number }>(
      `SELECT outcome, count(*)::int AS n FROM exchange_webhook_events WHERE received_at >= $1::timestamptz GROUP BY 1 ORDER BY 2 DESC`,
      [since.toISOString()],
    ),
    db.sql.query<{ received_at: Date; http_status: number; reason: string | null; remote_ip: string | null }>(
      `SELECT received_at, http_status, reason, remote_ip FROM exchange_webhook_deliveries
        WHERE NOT accepted ORDER BY received_at DESC LIMIT 25`,
    ),
    db.sql.query<{ remote_ip: string; reason: string; n: number; last_at: Date; total: number }>(
      `SELECT remote_ip, reason, sum(count)::int AS n, max(last_at) AS last_at, sum(sum(count)) OVER ()::int AS total
         FROM exchange_webhook_refusal_counts WHERE hour >= $1::timestamptz
        GROUP BY remote_ip, reason ORDER BY n DESC, last_at DESC LIMIT 25`,
      // The counts are per hour: the whole hour the window starts in.
      [new Date(Math.floor(since.getTime() / 3_600_000) * 3_600_000).toISOString()],
    ),
    db.sql.query<{
      event_id: string;
      type: string;
      account_external_id: string;
      account_id: number | null;
      occurred_at: Date;
      received_at: Date;
      outcome: ExchangeStatus["anomalies"][number]["outcome"];
    }>(
      `SELECT event_id, type, account_external_id, account_id, occurred_at, received_at, outcome
         FROM exchange_webhook_events
        WHERE outcome = ANY($1::text[]) AND received_at >= $2::timestamptz
        ORDER BY received_at DESC, event_id LIMIT 25`,
      [[...ANOMALY_OUTCOMES], since.toISOString()],
    ),
  ]);
  return {
    provider: {
      kind: e.BREACHDESK_PROVIDER,
      url: e.BREACHDESK_PROVIDER === "http" ? (e.BREACHDESK_EXCHANGE_URL ?? null) : null,
      secrets: e.BREACHDESK_EXCHANGE_SECRETS.length,
      rateLimit: e.BREACHDESK_EXCHANGE_RATE_LIMIT > 0 ? e.BREACHDESK_EXCHANGE_RATE_LIMIT : null,
      concurrency: e.BREACHDESK_EXCHANGE_CONCURRENCY,
      itemsPerCall: e.BREACHDESK_EXCHANGE_ITEMS_PER_CALL,
      timeoutMs: e.BREACHDESK_EXCHANGE_TIMEOUT_MS,
    },
    paused: paused.map((p) => ({
      id: p.id,
      incidentSlug: p.slug,
      kind: p.kind,
      reason: p.pause_reason,
      resumeAt: p.auto_resume_at ? new Date(p.auto_resume_at) : null,
    })),
    deliveries: {
      accepted: Number(totals?.accepted ?? 0),
      refused: Number(totals?.refused ?? 0),
      events: Number(totals?.events ?? 0),
      duplicates: Number(totals?.duplicates ?? 0),
      applied: Number(totals?.applied ?? 0),
      lastAcceptedAt: totals?.last ? new Date(totals.last) : null,
    },
    outcomes: outcomes.map((o) => ({ outcome: o.outcome, count: Number(o.n) })),
    refused: refused.map((r) => ({
      at: new Date(r.received_at),
      httpStatus: Number(r.http_status),
      reason: r.reason ?? "",
      remoteIp: r.remote_ip,
    })),
    unsigned: {
      total: Number(unsigned[0]?.total ?? 0),
      sources: unsigned.map((u) => ({
        remoteIp: u.remote_ip || null,
        reason: u.reason,
        count: Number(u.n),
        lastAt: new Date(u.last_at),
      })),
    },
    anomalies: anomalies.map((a) => ({
      eventId: a.event_id,
      type: a.type,
      account: a.account_external_id,
      accountId: a.account_id === null ? null : Number(a.account_id),
      occurredAt: new Date(a.occurred_at),
      receivedAt: new Date(a.received_at),
      outcome: a.outcome,
    })),
  };
}

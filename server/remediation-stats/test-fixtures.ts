// A small incident whose remediation charts are computed by hand in
// remediation-stats.int.test.ts. Rows are written directly (the remediation
// engine's own tests cover how they come to be); every time is T0 + hours.
import type { RiskTier } from "../../lib/risk/rules";
import type { Db } from "../db";
import { T0 } from "../timeline/test-fixtures";

export const HOUR = 3_600_000;
export const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);
/** The fixture's "now": 100 hours after T0. */
export const CHART_NOW = at(100);

type Spec = {
  key: string;
  tier: RiskTier;
  matched?: boolean;
  reset?: { status: "requested" | "sent" | "completed"; requested?: number; sent?: number; completed?: number };
  hold?: { status: "active" | "released" | "expired"; placed: number; expires?: number; ended?: number };
  first?: number;
  events?: number[];
};

/** A1–A8 and two addresses without an account; see the test for what each stands for. */
const CHART_ACCOUNTS: Spec[] = [
  {
    key: "A1",
    tier: "critical",
    reset: { status: "sent", sent: 2 },
    hold: { status: "active", placed: 3 },
    first: 2,
    events: [1, 5],
  },
  { key: "A2", tier: "critical", events: [-1, 30] },
  { key: "A3", tier: "high", reset: { status: "completed", sent: 2, completed: 26 }, first: 2 },
  { key: "A4", tier: "high", reset: { status: "requested", requested: 50 }, first: 50 },
  { key: "A5", tier: "high", hold: { status: "released", placed: 3, ended: 10 }, first: 3 },
  { key: "A6", tier: "medium", hold: { status: "expired", placed: 4, expires: 76, ended: 76 }, first: 4 },
  { key: "A7", tier: "medium" },
  // Expires 36 hours after CHART_NOW: day 1 of the expiries ahead.
  { key: "A8", tier: "low", hold: { status: "active", placed: 5, expires: 136 }, first: 5 },
  { key: "U1", tier: "low", matched: false },
  { key: "U2", tier: "low", matched: false },
];

export async function createChartFixture(db: Db, incidentId: string, specs: Spec[] = CHART_ACCOUNTS): Promise<void> {
  const prefix = incidentId.slice(0, 8);
  const [message] = await db.sql.query<{ id: number }>(
    `INSERT INTO leak_messages (incident_id, batch_key, recipient_count) VALUES ($1::uuid, 'charts', $2) RETURNING id`,
    [incidentId, specs.length],
  );
  const ts = (hours: number | undefined) => (hours === undefined ? null : at(hours).toISOString());
  for (const [i, s] of specs.entries()) {
    const email = `${prefix}.${s.key.toLowerCase()}@example.com`;
    let accountId: number | null = null;
    if (s.matched !== false) {
      const [account] = await db.sql.query<{ id: number }>(
        `INSERT INTO customer_accounts (external_id, email, email_normalized) VALUES ($1, $2, $2) RETURNING id`,
        [`${prefix}-${s.key}`, email],
      );
      accountId = account!.id;
    }
    const afterT0 = (s.events ?? []).filter((h) => h > 0).length;
    await db.sql.query(
      `INSERT INTO triage_entries (incident_id, email_normalized, email_original, account_id, external_id, first_message_id,
                                   exposure_count, seen_by, risk_tier, risk_sort, events_after_t0)
       VALUES ($1::uuid, $2, $2, $3, $4, $5, 1, 9, $6::"RiskTier", $7, $8)`,
      [incidentId, email, accountId, accountId ? `${prefix}-${s.key}` : null, message!.id, s.tier, 100 - i, afterT0],
    );
    if (accountId === null) continue;
    for (const [n, h] of (s.events ?? []).entries()) {
      await db.sql.query(
        `INSERT INTO security_events (incident_id, account_id, kind, occurred_at) VALUES ($1::uuid, $2, $3::"SecurityEventKind", $4::timestamptz)`,
        [incidentId, accountId, n % 2 ? "login_failed" : "login_new_device", ts(h)],
      );
    }
    let holdId: string | null = null;
    if (s.hold) {
      const [hold] = await db.sql.query<{ id: string }>(
        `INSERT INTO withdrawal_holds (id, incident_id, account_id, status, reason, placed_at, expires_at, ended_at, release_code)
         VALUES (gen_random_uuid(), $1::uuid, $2, $3::"HoldState", 'fixture', $4::timestamptz, $5::timestamptz, $6::timestamptz,
                 CASE WHEN $3 = 'released' THEN 'verified_with_customer'::"HoldReleaseCode" END)
         RETURNING id::text`,
        [incidentId, accountId, s.hold.status, ts(s.hold.placed), ts(s.hold.expires), ts(s.hold.ended)],
      );
      holdId = hold!.id;
    }
    if (s.reset || s.hold) {
      await db.sql.query(
        `INSERT INTO account_remediation (incident_id, account_id, reset_status, reset_requested_at, reset_sent_at, reset_completed_at,
                                          hold_status, hold_id, hold_until, hold_changed_at, first_action_at)
         VALUES ($1::uuid, $2, $3::"ResetState", $4::timestamptz, $5::timestamptz, $6::timestamptz,
                 $7::"HoldState", $8::uuid, $9::timestamptz, $10::timestamptz, $11::timestamptz)`,
        [
          incidentId,
          accountId,
          s.reset?.status ?? "none",
          ts(s.reset?.requested),
          ts(s.reset?.sent),
          ts(s.reset?.completed),
          s.hold?.status ?? "none",
          holdId,
          ts(s.hold?.expires),
          ts(s.hold?.ended ?? s.hold?.placed),
          ts(s.first),
        ],
      );
    }
  }
}

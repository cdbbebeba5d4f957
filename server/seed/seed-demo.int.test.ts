import { normalizeEmail } from "../../lib/email/normalize";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDbKinds, type TestDb, type TestDbKind } from "../../test/db";
import { verifyPassword } from "../auth/password";
import type { SqlQueryable } from "../db/driver";
import { AppError } from "../errors";
import { DEMO_INCIDENT_SHAPE, DEMO_INCIDENT_SLUG, generateDemoIncidentData, seedDemoIncident } from "./demo-incident";
import { DEMO_STAFF } from "./demo-staff";
import { seedDemo, type SeedDemoResult } from "./seed-demo";

// The demo's clock follows the day it is seeded on: a fixed "now" keeps runs comparable.
const NOW = new Date("2026-12-05T12:00:00Z");
const CHANGE_KINDS = ["password_change", "two_factor_change", "email_change", "withdrawal_address_change"];
const TABLES = [
  "staff_users",
  "audit_log",
  "incidents",
  "incident_stats",
  "customer_accounts",
  "leak_messages",
  "leaked_recipients",
  "security_events",
  "timeline_events",
  "timeline_event_versions",
] as const;

type Fingerprints = Record<"accounts" | "messages" | "recipients" | "securityEvents" | "timeline", string>;

// Timestamps as epoch milliseconds so that the session time zone (which
// differs between PGlite and a PostgreSQL server) cannot change the text.
async function fingerprints(sql: SqlQueryable): Promise<Fingerprints> {
  const [row] = await sql.query<Fingerprints>(
    `SELECT
       (SELECT md5(string_agg(concat_ws('|', external_id, email, email_normalized, balance_usd_cents, country,
                  two_factor_enabled, (extract(epoch FROM opened_at) * 1000)::bigint,
                  (extract(epoch FROM last_login_at) * 1000)::bigint), ',' ORDER BY external_id))
          FROM customer_accounts) AS accounts,
       (SELECT md5(string_agg(concat_ws('|', batch_key, subject, (extract(epoch FROM sent_at) * 1000)::bigint,
                  recipient_count, source), ',' ORDER BY batch_key))
          FROM leak_messages) AS messages,
       (SELECT md5(string_agg(concat_ws('|', m.batch_key, r.email_original, r.email_normalized, r.display_name,
                  r.visibility, a.external_id), ',' ORDER BY m.batch_key, r.email_normalized))
          FROM leaked_recipients r JOIN leak_messages m ON m.id = r.message_id
          LEFT JOIN customer_accounts a ON a.id = r.account_id) AS recipients,
       (SELECT md5(string_agg(concat_ws('|', a.external_id, e.kind, (extract(epoch FROM e.occurred_at) * 1000)::bigint,
                  e.ip, e.detail), ',' ORDER BY a.external_id, e.kind, e.occurred_at))
          FROM security_events e JOIN customer_accounts a ON a.id = e.account_id) AS "securityEvents",
       (SELECT md5(string_agg(concat_ws('|', (extract(epoch FROM t.occurred_at) * 1000)::bigint, t.time_zone,
                  t.category, t.milestone, t.source, v.version, v.title, v.body), ',' ORDER BY t.occurred_at))
          FROM timeline_events t JOIN timeline_event_versions v ON v.event_id = t.id
         -- The incident's own timeline: bulk actions' and notices' events belong to their own seeds.
         WHERE t.external_id IS NULL OR (t.external_id NOT LIKE 'bulk-action:%' AND t.external_id NOT LIKE 'notice-campaign:%')) AS timeline`,
  );
  return row!;
}

async function tableCounts(sql: SqlQueryable): Promise<Record<string, number>> {
  const [row] = await sql.query<Record<string, number>>(
    `SELECT ${TABLES.map((t) => `(SELECT count(*)::int FROM ${t}) AS ${t}`).join(", ")}`,
  );
  return row!;
}

async function one<T>(sql: SqlQueryable, query: string, params: unknown[] = []): Promise<T> {
  const [row] = await sql.query<T>(query, params);
  if (!row) throw new Error(`No row from: ${query}`);
  return row;
}

const fingerprintsByKind = new Map<TestDbKind, Fingerprints>();

describe.each(testDbKinds())("seedDemo on %s", (kind) => {
  let db: TestDb;
  let first: SeedDemoResult;
  let incidentId: string;

  beforeAll(async () => {
    db = await openTestDb(kind);
    first = await seedDemo(db, { nodeEnv: "test", now: NOW });
    ({ id: incidentId } = await one<{ id: string }>(db.sql, `SELECT id FROM incidents WHERE slug = $1`, [
      DEMO_INCIDENT_SLUG,
    ]));
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("reports what it created", () => {
    expect(first).toMatchObject({
      staffCreated: DEMO_STAFF.length,
      incidentCreated: true,
      accounts: DEMO_INCIDENT_SHAPE.accounts,
      recipients: DEMO_INCIDENT_SHAPE.recipients,
    });
    expect(first.ms).toBeGreaterThan(0);
  });

  it("creates the accounts, messages and recipients the generator defines", async () => {
    const counts = await one<Record<string, number>>(
      db.sql,
      `SELECT (SELECT count(*)::int FROM customer_accounts) AS accounts,
              (SELECT count(DISTINCT external_id)::int FROM customer_accounts) AS external_ids,
              (SELECT count(*)::int FROM leak_messages WHERE incident_id = $1) AS messages,
              (SELECT count(*)::int FROM leaked_recipients WHERE incident_id = $1) AS recipients,
              (SELECT count(*)::int FROM leaked_recipients WHERE incident_id = $1 AND account_id IS NOT NULL) AS matched,
              (SELECT count(DISTINCT account_id)::int FROM leaked_recipients WHERE incident_id = $1) AS matched_accounts,
              (SELECT count(*)::int FROM leaked_recipients WHERE incident_id = $1 AND account_id IS NULL) AS unmatched,
              (SELECT count(*)::int FROM leaked_recipients WHERE incident_id = $1 AND visibility <> 'to') AS not_to`,
      [incidentId],
    );
    expect(counts).toEqual({
      accounts: DEMO_INCIDENT_SHAPE.accounts,
      external_ids: DEMO_INCIDENT_SHAPE.accounts,
      messages: DEMO_INCIDENT_SHAPE.messages,
      recipients: DEMO_INCIDENT_SHAPE.recipients,
      matched: DEMO_INCIDENT_SHAPE.matchedAccounts,
      matched_accounts: DEMO_INCIDENT_SHAPE.matchedAccounts,
      unmatched: DEMO_INCIDENT_SHAPE.unmatchedRecipients,
      not_to: 0,
    });

    const messages = await db.sql.query<{ batch_key: string; recipient_count: number; actual: number; source: string }>(
      `SELECT m.batch_key, m.recipient_count, m.source, count(r.message_id)::int AS actual
         FROM leak_messages m LEFT JOIN leaked_recipients r ON r.message_id = m.id
        WHERE m.incident_id = $1 GROUP BY m.id ORDER BY m.batch_key`,
      [incidentId],
    );
    expect(messages.map((m) => m.batch_key)).toEqual(
      Array.from({ length: 23 }, (_, i) => `indices-update-batch-${String(i + 1).padStart(2, "0")}`),
    );
    for (const message of messages) {
      expect(message).toMatchObject({ recipient_count: 1000, actual: 1000, source: "mbox" });
    }
  });

  it("leaves the unmatched addresses without any account", async () => {
    // An address with no account_id must really have no account, or the
    // "closed accounts" story (and matching) would be wrong.
    const { wrongly_unmatched, mismatched } = await one<{ wrongly_unmatched: number; mismatched: number }>(
      db.sql,
      `SELECT
         (SELECT count(*)::int FROM leaked_recipients r
           WHERE r.incident_id = $1 AND r.account_id IS NULL
             AND EXISTS (SELECT 1 FROM customer_accounts a WHERE a.email_normalized = r.email_normalized)) AS wrongly_unmatched,
         (SELECT count(*)::int FROM leaked_recipients r JOIN customer_accounts a ON a.id = r.account_id
           WHERE r.incident_id = $1 AND a.email_normalized <> r.email_normalized) AS mismatched`,
      [incidentId],
    );
    expect(wrongly_unmatched).toBe(0);
    expect(mismatched).toBe(0);
  });

  it("keeps each address as it appeared, some in a different case from the account", async () => {
    const { different_case } = await one<{ different_case: number }>(
      db.sql,
      `SELECT count(*)::int AS different_case FROM leaked_recipients r JOIN customer_accounts a ON a.id = r.account_id
        WHERE r.incident_id = $1 AND r.email_original <> a.email`,
      [incidentId],
    );
    expect(different_case).toBeGreaterThan(100);
    expect(different_case).toBeLessThan(2000);
    const rows = await db.sql.query<{ email_original: string; email_normalized: string }>(
      `SELECT email_original, email_normalized FROM leaked_recipients WHERE incident_id = $1`,
      [incidentId],
    );
    expect(rows.filter((r) => normalizeEmail(r.email_original) !== r.email_normalized)).toEqual([]);
  });

  it("spreads balances over a long tail with zeros and a few whales", async () => {
    const b = await one<{ zero: number; whales: number; under_100_dollars: number; two_factor: number }>(
      db.sql,
      `SELECT count(*) FILTER (WHERE balance_usd_cents = 0)::int AS zero,
              count(*) FILTER (WHERE balance_usd_cents > 100000000)::int AS whales,
              count(*) FILTER (WHERE balance_usd_cents < 10000)::int AS under_100_dollars,
              count(*) FILTER (WHERE two_factor_enabled)::int AS two_factor
         FROM customer_accounts`,
    );
    const n = DEMO_INCIDENT_SHAPE.accounts;
    expect(b.zero / n).toBeGreaterThan(0.08);
    expect(b.zero / n).toBeLessThan(0.12);
    expect(b.whales).toBeGreaterThanOrEqual(3);
    expect(b.whales).toBeLessThan(50);
    expect(b.under_100_dollars / n).toBeGreaterThan(0.4);
    expect(b.two_factor / n).toBeGreaterThan(0.3);
    expect(b.two_factor / n).toBeLessThan(0.4);
  });

  it("keeps incident_stats in agreement with the rows", async () => {
    const stats = await one<Record<string, number>>(
      db.sql,
      `SELECT leaked_recipients, unique_addresses, matched_accounts, messages, open_actions, completed_actions,
              active_holds, changed_after_t0
         FROM incident_stats WHERE incident_id = $1`,
      [incidentId],
    );
    const unique = await one<{ n: number }>(
      db.sql,
      `SELECT count(DISTINCT email_normalized)::int AS n FROM leaked_recipients WHERE incident_id = $1`,
      [incidentId],
    );
    expect(stats).toMatchObject({
      leaked_recipients: DEMO_INCIDENT_SHAPE.recipients,
      unique_addresses: unique.n,
      matched_accounts: DEMO_INCIDENT_SHAPE.matchedAccounts,
      messages: DEMO_INCIDENT_SHAPE.messages,
    });
    // The demo's remediation: counted from its own rows.
    const remediation = await one<Record<string, number>>(
      db.sql,
      `SELECT (SELECT count(*)::int FROM bulk_action_items i JOIN bulk_actions a ON a.id = i.bulk_action_id
                WHERE a.incident_id = $1 AND i.status = 'succeeded') AS completed_actions,
              (SELECT count(*)::int FROM account_remediation WHERE incident_id = $1 AND hold_status = 'active') AS active_holds`,
      [incidentId],
    );
    expect(remediation.completed_actions).toBeGreaterThan(1000);
    expect(remediation.active_holds).toBeGreaterThan(100);
    expect(stats).toMatchObject({ ...remediation, open_actions: 0 });
  });

  it("has exposed accounts that changed security settings after T0, counted exactly", async () => {
    const { n: changed } = await one<{ n: number }>(
      db.sql,
      `SELECT count(DISTINCT e.account_id)::int AS n
         FROM security_events e
         JOIN incidents i ON i.id = $1
        WHERE e.kind::text = ANY($2::text[]) AND e.occurred_at > i.aware_at
          AND e.account_id IN (SELECT account_id FROM leaked_recipients WHERE incident_id = i.id)`,
      [incidentId, CHANGE_KINDS],
    );
    // The same number straight from the generator, without SQL.
    const data = generateDemoIncidentData();
    const exposed = new Set(data.recipients.map((r) => r.externalId).filter((id) => id !== null));
    const awareAt = Date.parse("2019-11-07T09:12:00Z");
    const expected = new Set(
      data.securityEvents
        .filter((e) => CHANGE_KINDS.includes(e.kind) && e.occurredAt > awareAt && exposed.has(e.externalId))
        .map((e) => e.externalId),
    ).size;
    const stats = await one<{ changed_after_t0: number }>(
      db.sql,
      `SELECT changed_after_t0 FROM incident_stats WHERE incident_id = $1`,
      [incidentId],
    );

    expect(changed).toBeGreaterThan(0.02 * DEMO_INCIDENT_SHAPE.matchedAccounts);
    expect(changed).toBeLessThan(0.06 * DEMO_INCIDENT_SHAPE.matchedAccounts);
    expect(changed).toBe(expected);
    expect(stats.changed_after_t0).toBe(changed);
  });

  it("has security events before T0 too, and only from documentation IP ranges", async () => {
    const e = await one<{ before_t0: number; during_leak: number; bad_ip: number; kinds: number }>(
      db.sql,
      `SELECT count(*) FILTER (WHERE e.occurred_at < i.aware_at)::int AS before_t0,
              count(*) FILTER (WHERE e.occurred_at >= i.leak_started_at AND e.occurred_at < i.aware_at)::int AS during_leak,
              count(*) FILTER (WHERE e.ip !~ '^(203\\.0\\.113|198\\.51\\.100)\\.\\d{1,3}$')::int AS bad_ip,
              count(DISTINCT e.kind)::int AS kinds
         FROM security_events e JOIN incidents i ON i.id = e.incident_id
        WHERE i.id = $1`,
      [incidentId],
    );
    expect(e.before_t0).toBeGreaterThan(0);
    expect(e.during_leak).toBeGreaterThan(0);
    expect(e.bad_ip).toBe(0);
    expect(e.kinds).toBe(7);
  });

  it("records the timeline with its milestones at the incident's times", async () => {
    const rows = await db.sql.query<{
      milestone: string | null;
      category: string;
      at_leak: boolean;
      at_aware: boolean;
      versions: number;
      current_version: number;
    }>(
      `SELECT t.milestone, t.category, t.current_version,
              t.occurred_at = i.leak_started_at AS at_leak, t.occurred_at = i.aware_at AS at_aware,
              (SELECT count(*)::int FROM timeline_event_versions v
                WHERE v.event_id = t.id AND v.version = 1 AND v.recorded_by_id IS NULL) AS versions
         FROM timeline_events t JOIN incidents i ON i.id = t.incident_id
        WHERE i.id = $1 AND NOT EXISTS (SELECT 1 FROM timeline_event_versions iv
                                         WHERE iv.event_id = t.id AND iv.title LIKE '% imported: %')
          AND t.external_id IS NULL -- remediation's own events (bulk actions) are keyed
        ORDER BY t.occurred_at`,
      [incidentId],
    );
    expect(rows.map((r) => [r.category, r.milestone])).toEqual([
      ["external", "leak_started"],
      ["detection", "aware"],
      ["containment", "contained"],
      ["communication", null],
      ["remediation", null],
      ["communication", "customers_notified"],
      ["communication", "regulator_notified"],
    ]);
    expect(rows[0]!.at_leak).toBe(true);
    expect(rows[1]!.at_aware).toBe(true);
    for (const row of rows) expect(row).toMatchObject({ versions: 1, current_version: 1 });
    // The demo goes in through the importers, which record their own events.
    const system = await db.prisma.timelineEvent.findMany({
      where: { incidentId, source: "system", versions: { some: { title: { contains: " imported: " } } } },
      include: { versions: true },
      orderBy: { occurredAt: "asc" },
    });
    expect(system.map((e) => e.versions[0]!.title)).toEqual([
      "Sent messages imported: 23,000 new of 23,000 rows",
      expect.stringMatching(/^Security events imported: [\d,]+ new of [\d,]+ rows$/),
    ]);
  });

  it("puts the 2019 story on a clock whose T0 is 6 to 7 days before the seed, with nothing after it", async () => {
    const row = await one<{ aware: Date; leak: Date; last_event: Date; last_done: Date | null; summary: string }>(
      db.sql,
      `SELECT i.aware_at AS aware, i.leak_started_at AS leak, i.summary,
              (SELECT max(occurred_at) FROM security_events WHERE incident_id = i.id) AS last_event,
              (SELECT max(reset_completed_at) FROM account_remediation WHERE incident_id = i.id) AS last_done
         FROM incidents i WHERE i.id = $1`,
      [incidentId],
    );
    const ageDays = (NOW.getTime() - new Date(row.aware).getTime()) / 86_400_000;
    expect(ageDays).toBeGreaterThanOrEqual(6);
    expect(ageDays).toBeLessThan(7);
    expect(new Date(row.aware).toISOString()).toMatch(/T09:12:00\.000Z$/);
    expect(new Date(row.aware).getTime() - new Date(row.leak).getTime()).toBe(42 * 60_000);
    expect(new Date(row.last_event).getTime()).toBeLessThan(NOW.getTime());
    if (row.last_done) expect(new Date(row.last_done).getTime()).toBeLessThan(NOW.getTime());
    // The story's words stay those of the 2019 leak.
    expect(row.summary).toContain("7 November 2019");
  });

  it("creates the demo staff users with their roles and passwords", async () => {
    const users = await db.prisma.staffUser.findMany({
      select: { email: true, name: true, role: true, passwordHash: true },
    });
    expect(users).toHaveLength(DEMO_STAFF.length);
    for (const demo of DEMO_STAFF) {
      const user = users.find((u) => u.email === demo.email);
      expect(user).toMatchObject({ name: demo.name, role: demo.role });
      expect(await verifyPassword(user!.passwordHash, demo.password)).toBe(true);
    }
    const audited = await db.prisma.auditLog.count({ where: { action: "staff.created", actorId: null } });
    expect(audited).toBe(DEMO_STAFF.length);
  });

  it("does nothing the second time", async () => {
    const before = await tableCounts(db.sql);
    const fingerprint = await fingerprints(db.sql);
    const again = await seedDemo(db, { nodeEnv: "test", now: NOW });
    expect(again).toMatchObject({ staffCreated: 0, incidentCreated: false, accounts: 0, recipients: 0 });
    expect(await tableCounts(db.sql)).toEqual(before);
    expect(await fingerprints(db.sql)).toEqual(fingerprint);
    fingerprintsByKind.set(kind, fingerprint);
  });

  it("re-creates a deleted demo incident against the accounts already there", async () => {
    // Incidents are never deleted by the product; the bulk tables have no cascade.
    await db.sql.query(`DELETE FROM leaked_recipients WHERE incident_id = $1`, [incidentId]);
    await db.sql.query(`DELETE FROM triage_entries WHERE incident_id = $1`, [incidentId]);
    await db.sql.query(`DELETE FROM incidents WHERE id = $1`, [incidentId]);
    const again = await seedDemoIncident(db, { now: NOW });
    expect(again).toMatchObject({ created: true, accounts: 0, recipients: DEMO_INCIDENT_SHAPE.recipients });
    const stats = await one<{ matched_accounts: number; n: number }>(
      db.sql,
      `SELECT s.matched_accounts, (SELECT count(*)::int FROM customer_accounts) AS n
         FROM incident_stats s WHERE s.incident_id = $1`,
      [again.incidentId],
    );
    expect(stats).toEqual({ matched_accounts: DEMO_INCIDENT_SHAPE.matchedAccounts, n: DEMO_INCIDENT_SHAPE.accounts });
  });

  describe("on a fresh database", () => {
    let fresh: TestDb;
    beforeAll(async () => {
      fresh = await openTestDb(kind);
    });
    afterAll(async () => {
      await fresh?.cleanup();
    });

    it("refuses to run with NODE_ENV=production and writes nothing", async () => {
      const attempt = seedDemo(fresh, { nodeEnv: "production" });
      await expect(attempt).rejects.toBeInstanceOf(AppError);
      await expect(attempt).rejects.toMatchObject({ code: "FORBIDDEN" });
      const counts = await tableCounts(fresh.sql);
      expect(Object.values(counts).every((n) => n === 0)).toBe(true);
    });

    it("generates exactly the same data as the first database", async () => {
      const result = await seedDemoIncident(fresh, { now: NOW });
      expect(result.created).toBe(true);
      expect(await fingerprints(fresh.sql)).toEqual(fingerprintsByKind.get(kind));
    });
  });
});

// Seeds the whole demo twice, over half a minute on a busy two-core machine: more than the default minute's margin.
describe.each(testDbKinds())("an interrupted demo seed on %s", { timeout: 240_000 }, (kind) => {
  let fresh: TestDb;
  beforeAll(async () => {
    fresh = await openTestDb(kind);
  });
  afterAll(async () => {
    await fresh?.cleanup();
  });

  it("is completed by the next run, each import having applied whole or not at all", async () => {
    // Fail the security-event import while it applies: the directory and the
    // messages are in, the events are not.
    await fresh.sql.exec(`
      CREATE FUNCTION seed_test_fail() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'simulated failure'; END $$;
      CREATE TRIGGER seed_test_fail BEFORE INSERT ON security_events
        FOR EACH STATEMENT EXECUTE FUNCTION seed_test_fail();`);
    try {
      await expect(seedDemoIncident(fresh, { now: NOW })).rejects.toThrow(/simulated failure/);
    } finally {
      await fresh.sql.exec(`DROP TRIGGER seed_test_fail ON security_events; DROP FUNCTION seed_test_fail();`);
    }
    const partial = await tableCounts(fresh.sql);
    expect(partial).toMatchObject({
      customer_accounts: DEMO_INCIDENT_SHAPE.accounts,
      leaked_recipients: DEMO_INCIDENT_SHAPE.recipients,
      security_events: 0,
    });

    const resumed = await seedDemoIncident(fresh, { now: NOW });
    expect(resumed).toMatchObject({ created: true, accounts: 0, recipients: 0 });
    expect(resumed.securityEvents).toBeGreaterThan(0);
    const stats = await one<{ matched_accounts: number; changed_after_t0: number }>(
      fresh.sql,
      `SELECT matched_accounts, changed_after_t0 FROM incident_stats WHERE incident_id = $1`,
      [resumed.incidentId],
    );
    expect(stats.matched_accounts).toBe(DEMO_INCIDENT_SHAPE.matchedAccounts);
    expect(stats.changed_after_t0).toBeGreaterThan(0);
    expect((await seedDemoIncident(fresh, { now: NOW })).created).toBe(false);
  });
});

describe("seedDemo across databases", () => {
  it.runIf(testDbKinds().length > 1)("gives PGlite and PostgreSQL the same data", () => {
    const [a, b] = testDbKinds().map((kind) => fingerprintsByKind.get(kind));
    expect(a).toBeDefined();
    expect(a).toEqual(b);
  });
});

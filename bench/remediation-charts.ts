// The remediation charts benchmark, run by `npm run bench` after
// the remediation benchmark, or alone: `npm run bench:charts`.
//   BENCH_CHARTS_ROWS        exposed accounts and remediation items on PostgreSQL (default 1,000,000)
//   BENCH_PGLITE_ROWS        the same on PGlite (default 200,000: PGlite holds it in the one process)
//   BENCH_DATABASE_URL       the PostgreSQL server (default the local one; a scratch database is made and dropped)
//   BENCH_TARGETS            "postgres,pglite" (default)
//   BENCH_LOAD               "off" skips the load test of bench/load-pages.ts (it needs a build: `npm run build`)
// For each database: an incident with N exposed accounts (3% critical, 10%
// high, 40% medium, the rest low), one bulk reset of all N (N items, done over
// three days), customers completing 60% of the resets, holds on 10% (most
// active, some released or expired), and security events after T0 on 10%.
// Then the remediation page's data (getRemediationCharts: every query the
// page runs) is read 7 times: the median and the slowest of the last 5 are
// the server time; each query is also timed alone. The payload is the data
// as the page serialises it (JSON). Results: bench/results/remediation-charts.json and .md.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { writeChartsReport } from "./charts-report";
import { bootDb } from "../server/boot";
import { closeDb, type Db } from "../server/db";
import { countActionsByHour } from "../server/remediation-stats/count-actions-by-hour";
import { countHoldExpiries } from "../server/remediation-stats/count-hold-expiries";
import { countRemediationStatus } from "../server/remediation-stats/count-remediation-status";
import { countTakeoverAttemptsByHour } from "../server/remediation-stats/count-takeover-attempts-by-hour";
import { getRemediationCharts } from "../server/remediation-stats/get-remediation-charts";
import { getRemediationVersion } from "../server/remediation-stats/get-remediation-version";
import { readRemediationCharts, settleRemediationChartJobs } from "../server/remediation-stats/read-remediation-charts";
import { createExposedAccounts } from "../server/remediation/test-fixtures";
import { createTestIncident } from "../server/timeline/test-fixtures";

const root = path.resolve(import.meta.dirname, "..");
const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const targets = (process.env.BENCH_TARGETS ?? "postgres,pglite").split(",");
const pgRows = Number(process.env.BENCH_CHARTS_ROWS ?? 1_000_000);
const pgliteRows = Number(process.env.BENCH_PGLITE_ROWS ?? 200_000);
const RUNS = 7;

/** N exposed accounts with a realistic remediation history, written set-based. */
async function createChartHistory(db: Db, n: number) {
  const incident = await createTestIncident(db);
  const t0 = incident.awareAt.toISOString();
  await createExposedAccounts(db.sql, incident.id, n);
  await db.sql.query(
    `UPDATE triage_entries SET
       risk_tier = (CASE WHEN id % 100 < 3 THEN 'critical' WHEN id % 100 < 13 THEN 'high' WHEN id % 100 < 53 THEN 'medium' ELSE 'low' END)::"RiskTier",
       events_after_t0 = CASE WHEN id % 10 = 0 THEN 3 ELSE 0 END
     WHERE incident_id = $1::uuid`,
    [incident.id],
  );
  const [bulk] = await db.sql.query<{ id: string }>(
    `INSERT INTO bulk_actions (id, incident_id, kind, status, selection, reason, total, succeeded, needs_approval, started_at, finished_at)
     VALUES (gen_random_uuid(), $1::uuid, 'password_reset', 'completed', '{}', 'bench', $2, $2, true, $3::timestamptz, $3::timestamptz + interval '3 days')
     RETURNING id::text`,
    [incident.id, n, t0],
  );
  // Accounts in risk order get their reset over three days from T0 + 1 h.
  await db.sql.query(
    `INSERT INTO bulk_action_items (bulk_action_id, seq, account_id, status, attempts, done_at)
     SELECT $1::uuid, row_number() OVER (ORDER BY t.risk_sort DESC, t.id)::int, t.account_id, 'succeeded', 1,
            $3::timestamptz + interval '1 hour' + (row_number() OVER (ORDER BY t.risk_sort DESC, t.id) * interval '72 hours' / $4::int)
       FROM triage_entries t WHERE t.incident_id = $2::uuid AND t.account_id IS NOT NULL`,
    [bulk!.id, incident.id, t0, n],
  );
  await db.sql.query(
    `INSERT INTO account_remediation (incident_id, account_id, reset_status, reset_sent_at, reset_completed_at, first_action_at, updated_at)
     SELECT $1::uuid, i.account_id,
            (CASE WHEN i.seq % 10 < 6 THEN 'completed' ELSE 'sent' END)::"ResetState",
            i.done_at, CASE WHEN i.seq % 10 < 6 THEN i.done_at + (i.seq % 97) * interval '1 hour' END, i.done_at, i.done_at
       FROM bulk_action_items i WHERE i.bulk_action_id = $2::uuid`,
    [incident.id, bulk!.id],
  );
  await db.sql.query(
    `WITH h AS (
       INSERT INTO withdrawal_holds (id, incident_id, account_id, status, reason, placed_at, expires_at, ended_at, release_code)
       SELECT gen_random_uuid(), $1::uuid, i.account_id,
              (CASE WHEN i.seq % 100 < 8 THEN 'active' WHEN i.seq % 100 < 9 THEN 'released' ELSE 'expired' END)::"HoldState",
              'bench', i.done_at,
              CASE WHEN i.seq % 100 < 4 THEN NULL WHEN i.seq % 100 < 8 THEN now() + (i.seq % 14) * interval '1 day' ELSE i.done_at + interval '72 hours' END,
              CASE WHEN i.seq % 100 = 8 THEN i.done_at + interval '20 hours' WHEN i.seq % 100 = 9 THEN i.done_at + interval '72 hours' END,
              CASE WHEN i.seq % 100 = 8 THEN 'verified_with_customer'::"HoldReleaseCode" END
         FROM bulk_action_items i WHERE i.bulk_action_id = $2::uuid AND i.seq % 10 = 0
       RETURNING id, account_id, status, expires_at, placed_at, ended_at
     )
     UPDATE account_remediation ar SET hold_status = h.status, hold_id = h.id, hold_until = h.expires_at,
            hold_changed_at = coalesce(h.ended_at, h.placed_at)
       FROM h WHERE ar.incident_id = $1::uuid AND ar.account_id = h.account_id`,
    [incident.id, bulk!.id],
  );
  await db.sql.query(
    `INSERT INTO security_events (incident_id, account_id, kind, occurred_at)
     SELECT $1::uuid, t.account_id, k.kind::"SecurityEventKind", $2::timestamptz + ((t.id * 7 + k.n * 13) % 168) * interval '1 hour' + k.n * interval '1 minute'
       FROM triage_entries t
      CROSS JOIN (VALUES (1, 'login_failed'), (2, 'login_new_device'), (3, 'password_change')) AS k(n, kind)
      WHERE t.incident_id = $1::uuid AND t.events_after_t0 > 0`,
    [incident.id, t0],
  );
  await db.sql.exec(`ANALYZE`);
  return { incident: { id: incident.id, awareAt: incident.awareAt, leakStartedAt: incident.leakStartedAt } };
}

async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const round = (ms: number) => Math.round(ms * 10) / 10;

async function measure(db: Db, kind: string, n: number) {
  console.error(`[${kind}] writing ${n.toLocaleString("en-US")} accounts and items…`);
  const setup = await time(() => createChartHistory(db, n));
  const { incident } = setup.value;
  console.error(`[${kind}] set up in ${Math.round(setup.ms / 1000)} s; reading the page's data…`);
  const now = new Date();
  const page: number[] = [];
  let payloadBytes = 0;
  for (let run = 0; run < RUNS; run++) {
    const { ms, value } = await time(() => getRemediationCharts(db, incident, now));
    if (run >= 2) page.push(ms);
    payloadBytes = Buffer.byteLength(JSON.stringify(value));
  }
  const alone = async (fn: () => Promise<unknown>) => {
    const runs: number[] = [];
    for (let run = 0; run < 3; run++) runs.push((await time(fn)).ms);
    return round(median(runs));
  };
  const queries = {
    countRemediationStatus: await alone(() => countRemediationStatus(db.sql, incident)),
    countActionsByHour: await alone(() => countActionsByHour(db.sql, incident, now)),
    countHoldExpiries: await alone(() => countHoldExpiries(db.sql, incident.id, now)),
    countTakeoverAttemptsByHour: await alone(() => countTakeoverAttemptsByHour(db.sql, incident)),
    getRemediationVersion: await alone(() => getRemediationVersion(db.sql, incident.id)),
  };
  // What a page request costs: the stored snapshot while the version holds
  // (the usual case), and the first request after a bulk action moved the
  // version (it waits up to 150 ms for the new computation, then serves the
  // stored data and lets the computation finish).
  await readRemediationCharts(db, incident);
  const hits: number[] = [];
  for (let run = 0; run < RUNS; run++) hits.push((await time(() => readRemediationCharts(db, incident))).ms);
  const afterChange: number[] = [];
  const refreshed: number[] = [];
  for (let run = 0; run < 3; run++) {
    await db.sql.query(
      `UPDATE bulk_actions SET succeeded = succeeded + 1, updated_at = now() WHERE incident_id = $1::uuid`,
      [incident.id],
    );
    // The worst case: no throttle (a computation older than its minimum interval).
    afterChange.push((await time(() => readRemediationCharts(db, incident, { minIntervalMs: 0 }))).ms);
    const started = performance.now();
    await settleRemediationChartJobs();
    refreshed.push(performance.now() - started);
  }
  const result = {
    rows: n,
    setupSeconds: Math.round(setup.ms / 1000),
    pageDataMs: {
      snapshotHit: { median: round(median(hits)), max: round(Math.max(...hits)) },
      firstRequestAfterAChange: { median: round(median(afterChange)), max: round(Math.max(...afterChange)) },
      computation: { median: round(median(page)), max: round(Math.max(...page)), runs: page.map(round) },
    },
    queriesAloneMs: queries,
    payloadBytes,
  };
  console.error(`[${kind}] ${JSON.stringify(result)}`);
  return result;
}

async function onPostgres(n: number) {
  const name = `breachdesk_bench_charts_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await bootDb({ kind: "postgres", url: url.toString() });
  try {
    return await measure(db, "postgres", n);
  } finally {
    await closeDb(db);
    // The pool's sockets close after end() resolves: a forced drop before then
    // would kill them mid-goodbye (an unhandled error event).
    for (let i = 0; i < 100; i++) {
      const { rows } = await admin.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`,
        [name],
      );
      if (!rows[0] || rows[0].n === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function onPglite(n: number) {
  const db = await bootDb({ kind: "pglite", dataDir: null, owner: "bench" });
  try {
    return await measure(db, "pglite", n);
  } finally {
    await closeDb(db);
  }
}

const results: Record<string, unknown> = {
  measuredAt: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? "", memoryGb: Math.round(os.totalmem() / 2 ** 30) },
  note: "Shared machine: other engineers' builds and tests ran at the same time; compare figures within one run.",
};
if (targets.includes("postgres")) results.postgres = await onPostgres(pgRows);
if (targets.includes("pglite")) results.pglite = await onPglite(pgliteRows);

const out = path.join(root, "bench", "results");
fs.mkdirSync(out, { recursive: true });
const previous = fs.existsSync(path.join(out, "remediation-charts.json"))
  ? (JSON.parse(fs.readFileSync(path.join(out, "remediation-charts.json"), "utf8")) as Record<string, unknown>)
  : {};
// A run of one database keeps the other's last figures.
const previousData = (previous.data ?? {}) as Record<string, unknown>;
fs.writeFileSync(
  path.join(out, "remediation-charts.json"),
  `${JSON.stringify({ ...previous, data: { ...previousData, ...results } }, null, 2)}\n`,
);
writeChartsReport(root);
console.log(JSON.stringify(results));

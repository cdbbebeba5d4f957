// The remediation benchmark, run by `npm run bench` after the import
// benchmark, or alone: `npm run bench:remediation`.
//   BENCH_REMEDIATION_ROWS   accounts in the bulk reset on PostgreSQL (default 1,000,000)
//   BENCH_PGLITE_ROWS        the same on PGlite (default 200,000: PGlite runs it in one process)
//   BENCH_DATABASE_URL       the PostgreSQL server (default the local one; a scratch database is made)
//   BENCH_TARGETS            "postgres,pglite" (default)
//   BENCH_REMEDIATION_RUNS   the PostgreSQL runs, of "w1,w2,events,floor" (default all; bench/ten-million.mjs: "w1")
//   BENCH_RESULTS_DIR        where the results go (default bench/results)
// For each database: a fresh incident with N exposed accounts; the dry-run
// preview of "every account"; the request (the accounts frozen into work
// items); then, from the approval to the last item done, the bulk reset with
// the built-in provider, audit entries included, by one worker process and
// then (PostgreSQL) by two, each on a fresh incident (a worker process runs
// its default claim loops: 2 on PostgreSQL; BENCH_WORKER_CONCURRENCY sets them); finally `audit verify`
// over the whole chain. On PostgreSQL the remediation page's data is read on
// the one-worker incident after its reset: the first read (no snapshot yet,
// so a full computation) and then the page's usual reads. Workers are started before the approval, as in
// production, so their start-up is not counted.
// The floor, measured in the same run on one more fresh incident: the same
// state change by plain set-based SQL, in the worker's batch size, one
// transaction per batch and nothing else (no lease, no exchange call, no
// audit chain: the audit rows go to a copy of audit_log without its chain).
// The bulk rate is reported as a share of it, so a slow machine and slow code
// can be told apart. On PostgreSQL, one more one-worker run with an outgoing
// event destination (Slack format, a local receiver) configured: events are
// per request and finish, not per account, so the rate should not move.
// Results:
// bench/results/remediation.json and .md.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { bootDb } from "../server/boot";
import { closeDb, type Db } from "../server/db";
import { resetEnvCache } from "../server/env";
import { approveBulkAction } from "../server/remediation/control-bulk-action";
import { previewBulkAction } from "../server/remediation/preview-bulk-action";
import { workBatchSize } from "../server/remediation/remediation-config";
import { requestBulkAction } from "../server/remediation/request-bulk-action";
import { refreshIncidentStats } from "../server/incidents/refresh-incident-stats";
import { auditVerify, remediationPageData, summaryCosts } from "./remediation-reads";
import { createExposedAccounts } from "../server/remediation/test-fixtures";
import { createTestIncident, createTestStaff } from "../server/timeline/test-fixtures";
import { drainWork } from "../server/workers/work";
import { createDestination } from "../server/events/destinations/manage-destination";
import { startEventReceiver } from "../test/event-receiver";
import { cliNodeArgs } from "../scripts/cli-bundle.mjs";

const root = path.resolve(import.meta.dirname, "..");
const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const targets = (process.env.BENCH_TARGETS ?? "postgres,pglite").split(",");
const pgRows = Number(process.env.BENCH_REMEDIATION_ROWS ?? 1_000_000);
const pgliteRows = Number(process.env.BENCH_PGLITE_ROWS ?? 200_000);
const pgRuns = new Set((process.env.BENCH_REMEDIATION_RUNS ?? "w1,w2,events,floor").split(","));
const resultsDir = process.env.BENCH_RESULTS_DIR ?? path.join(root, "bench", "results");
// The CLI as bin/breachdesk.mjs runs it.
const CLI = await cliNodeArgs();

type Worker = { child: ChildProcess; done: Promise<{ batches: number; peakRssMb: number }> };

function startWorker(env: Record<string, string>): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const loops = process.env.BENCH_WORKER_CONCURRENCY;
    const child = spawn(process.execPath, [...CLI, "worker", ...(loops ? ["--concurrency", loops] : [])], {
      cwd: root,
      env: { ...process.env, ...env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    const done = new Promise<{ batches: number; peakRssMb: number }>((ok, fail) =>
      child.on("close", (code) =>
        code === 0
          ? ok(JSON.parse(stdout.trim().split("\n").at(-1)!))
          : fail(new Error(`worker exit ${code}: ${stderr}`)),
      ),
    );
    // Awaited only after the bulk action finishes: a worker that dies before then must not hide the error that killed it.
    done.catch(() => undefined);
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/worker \S+ started/.test(stderr)) resolve({ child, done });
    });
    child.on("error", reject);
  });
}

async function waitFinished(db: Db, id: string): Promise<void> {
  for (;;) {
    const bulk = await db.prisma.bulkAction.findUniqueOrThrow({ where: { id }, select: { status: true } });
    if (bulk.status === "completed") return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The fixture's incident and staff, without reading every account id back (ten million of them would not fit). */
async function createFixture(db: Db, rows: number) {
  const incident = await createTestIncident(db);
  await createExposedAccounts(db.sql, incident.id, rows);
  // The summary an import leaves behind: without it the approval would make it, with a full count.
  await refreshIncidentStats(db.sql, incident.id);
  return {
    incident,
    requester: await createTestStaff(db, "Rita Requester"),
    approver: await createTestStaff(db, "Adam Approver"),
  };
}

async function prepare(db: Db, rows: number) {
  const f = await createFixture(db, rows);
  const selection = { kind: "filter" as const, query: "" };
  let started = performance.now();
  const preview = await previewBulkAction(db, f.incident.id, { kind: "password_reset", selection });
  const previewMs = performance.now() - started;
  started = performance.now();
  const requested = await requestBulkAction(
    db,
    f.incident,
    {
      kind: "password_reset",
      reason: "Benchmark",
      selection,
      expectedCount: preview.eligible,
      expectedDigest: preview.digest,
    },
    f.requester,
  );
  const requestMs = performance.now() - started;
  return { f, requested, previewMs, requestMs };
}

/**
 * The floor: what the bulk reset writes, done directly. Per batch: the
 * provider's effect and account rows, the accounts' remediation state, the
 * items marked done and one audit row per account, in the fewest statements.
 */
async function floorRate(db: Db, rows: number): Promise<{ floor_rate: number; floor_ms: number }> {
  const { f, requested } = await prepare(db, rows);
  const batch = workBatchSize(db.sql.kind);
  await db.sql.run(`CREATE TABLE IF NOT EXISTS bench_floor_audit (LIKE audit_log INCLUDING ALL)`);
  const t0 = performance.now();
  for (let from = 0; from < rows; from += batch) {
    await db.sql.transaction(async (tx) => {
      const at = new Date().toISOString();
      const params = [requested.id, from, from + batch, at, f.incident.id];
      await tx.run(
        `WITH items AS (SELECT account_id FROM bulk_action_items WHERE bulk_action_id = $1::uuid AND seq >= $2 AND seq < $3),
              effects AS (
                INSERT INTO provider_effects (idempotency_key, account_id, effect, applied_at)
                SELECT 'floor:' || $1 || ':' || account_id, account_id, 'password_reset', $4::timestamptz FROM items
                RETURNING account_id)
         INSERT INTO provider_accounts AS p (account_id, password_reset_required, sessions_revoked_at, withdrawals_held, updated_at)
         SELECT account_id, true, $4::timestamptz, false, $4::timestamptz FROM effects
         ON CONFLICT (account_id) DO UPDATE SET password_reset_required = true,
           sessions_revoked_at = excluded.sessions_revoked_at, updated_at = excluded.updated_at`,
        params.slice(0, 4),
      );
      await tx.run(
        `INSERT INTO account_remediation AS ar (incident_id, account_id, reset_status, reset_sent_at, reset_applied_at, first_action_at, updated_at)
         SELECT $5::uuid, account_id, 'sent', $4::timestamptz, $4::timestamptz, $4::timestamptz, $4::timestamptz
           FROM bulk_action_items WHERE bulk_action_id = $1::uuid AND seq >= $2 AND seq < $3
         ON CONFLICT (incident_id, account_id) DO UPDATE SET reset_status = 'sent', reset_sent_at = excluded.reset_sent_at,
           reset_applied_at = excluded.reset_applied_at, first_action_at = coalesce(ar.first_action_at, excluded.first_action_at),
           updated_at = excluded.updated_at`,
        params,
      );
      await tx.run(
        `WITH done AS (
           UPDATE bulk_action_items SET status = 'succeeded', attempts = attempts + 1, done_at = $4::timestamptz
            WHERE bulk_action_id = $1::uuid AND seq >= $2 AND seq < $3 RETURNING account_id)
         INSERT INTO bench_floor_audit (id, at, action, incident_id, target_type, target_id, detail, prev_hash, hash, keyed)
         SELECT nextval('bench_floor_seq'), $4::timestamptz, 'remediation.password_reset_forced', $5::uuid, 'account',
                account_id::text, jsonb_build_object('bulkActionId', $1::text), '', '', true FROM done`,
        params,
      );
    });
  }
  const ms = performance.now() - t0;
  return { floor_rate: Math.round(rows / (ms / 1000)), floor_ms: Math.round(ms) };
}

async function withFloor(db: Db, rows: number, results: Record<string, number>): Promise<void> {
  await db.sql.run(`CREATE SEQUENCE IF NOT EXISTS bench_floor_seq`);
  Object.assign(results, await floorRate(db, rows));
  results.w1_share_of_floor = Math.round((results.w1_rate! / results.floor_rate!) * 100) / 100;
  process.stderr.write(`${db.sql.kind}: floor (plain SQL): ${rows} resets in ${results.floor_ms} ms\n`);
}

/** The one-worker bulk reset again, with a chat destination configured for every incident: the events' cost. */
async function withDestination(db: Db, env: Record<string, string>, rows: number): Promise<Record<string, number>> {
  const receiver = await startEventReceiver();
  process.env.BREACHDESK_OUTBOUND_ALLOW_HOSTS = receiver.host;
  resetEnvCache();
  try {
    const admin = { id: "00000000-0000-4000-8000-00000000be00", email: "bench@breachdesk.test" };
    await createDestination(db, { name: "bench", kind: "slack", url: receiver.url("/bench") }, admin);
    const { f, requested } = await prepare(db, rows);
    const worker = await startWorker({ ...env, BREACHDESK_OUTBOUND_ALLOW_HOSTS: receiver.host });
    const t0 = performance.now();
    await approveBulkAction(db, requested.id, f.approver);
    await waitFinished(db, requested.id);
    const ms = performance.now() - t0;
    // The request, the approval and the finish: delivered by the same worker.
    await receiver.waitFor("/bench", 3);
    worker.child.kill("SIGTERM");
    await worker.done;
    process.stderr.write(`postgres: 1 worker with an event destination: ${rows} resets in ${Math.round(ms)} ms\n`);
    return {
      w1_events_rate: Math.round(rows / (ms / 1000)),
      w1_events_ms: Math.round(ms),
      events_delivered: receiver.received("/bench").length,
    };
  } finally {
    await receiver.close();
  }
}

async function runPostgres(rows: number) {
  const name = `breachdesk_bench_rem_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const env = { DATABASE_URL: url.toString(), BREACHDESK_WORK_POLL_MS: "20" };
  const db = await bootDb({ kind: "postgres", url: url.toString() });
  try {
    const results: Record<string, number> = {};
    for (const workers of [1, 2]) {
      if (!pgRuns.has(`w${workers}`)) continue;
      const { f, requested, previewMs, requestMs } = await prepare(db, rows);
      const started = await Promise.all(Array.from({ length: workers }, () => startWorker(env)));
      const t0 = performance.now();
      await approveBulkAction(db, requested.id, f.approver);
      const approveMs = performance.now() - t0;
      await waitFinished(db, requested.id);
      const ms = performance.now() - t0;
      for (const w of started) w.child.kill("SIGTERM");
      const outcomes = await Promise.all(started.map((w) => w.done));
      results[`w${workers}_rate`] = Math.round(rows / (ms / 1000));
      results[`w${workers}_ms`] = Math.round(ms);
      results[`w${workers}_peak_mb`] = Math.max(...outcomes.map((o) => o.peakRssMb));
      process.stderr.write(`postgres: ${workers} worker(s): ${rows} resets in ${Math.round(ms)} ms\n`);
      if (workers === 1) {
        Object.assign(results, {
          preview_ms: Math.round(previewMs),
          request_ms: Math.round(requestMs),
          approve_ms: Math.round(approveMs),
        });
        Object.assign(results, await remediationPageData(db, f.incident));
        Object.assign(results, await summaryCosts(db, f.incident.id));
      }
    }
    if (pgRuns.has("events")) Object.assign(results, await withDestination(db, env, rows));
    if (pgRuns.has("floor") && results.w1_rate) await withFloor(db, rows, results);
    Object.assign(results, await auditVerify(db));
    return results;
  } finally {
    await closeDb(db);
    // The pool's sockets close after end() resolves: a forced drop before then
    // kills them mid-goodbye (an unhandled error event, as in remediation-charts.ts).
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

async function runPglite(rows: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "breachdesk-bench-rem-"));
  const db = await bootDb({ kind: "pglite", dataDir: dir, owner: "remediation benchmark" });
  try {
    const { f, requested, previewMs, requestMs } = await prepare(db, rows);
    // One process owns PGlite: the worker runs here, as it does inside the app.
    const t0 = performance.now();
    await approveBulkAction(db, requested.id, f.approver);
    await drainWork(db);
    const ms = performance.now() - t0;
    const results: Record<string, number> = { w1_rate: Math.round(rows / (ms / 1000)) };
    await withFloor(db, rows, results);
    return {
      ...results,
      w1_ms: Math.round(ms),
      w1_peak_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      preview_ms: Math.round(previewMs),
      request_ms: Math.round(requestMs),
      ...(await auditVerify(db)),
    };
  } finally {
    await closeDb(db);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const results: Record<string, Record<string, number> & { rows: number }> = {};
for (const target of targets) {
  if (target === "postgres") results.postgres = { rows: pgRows, ...(await runPostgres(pgRows)) };
  if (target === "pglite") results.pglite = { rows: pgliteRows, ...(await runPglite(pgliteRows)) };
}
const fmt = (n: number | undefined) => (n === undefined ? "—" : n.toLocaleString("en-GB"));
const rowsOf = (key: string, label: string) =>
  `| ${label} | ${fmt(results.postgres?.[key])} | ${fmt(results.pglite?.[key])} |`;
const md = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}).`,
  "",
  "| | postgres | pglite |",
  "| --- | --- | --- |",
  rowsOf("rows", "Accounts in the bulk reset"),
  rowsOf("w1_rate", "Bulk reset, approval to last item done, one worker, accounts/s (target ≥ 20,000 on PostgreSQL)"),
  rowsOf("w1_ms", "… ms"),
  rowsOf("floor_rate", "Floor: the same writes by plain set-based SQL, same batch size, accounts/s"),
  rowsOf("w1_share_of_floor", "Bulk reset (one worker) ÷ floor, same run (target ≥ 0.5)"),
  rowsOf("w2_rate", "Bulk reset, two worker processes, accounts/s"),
  rowsOf("w1_events_rate", "Bulk reset, one worker, with an outgoing event destination configured, accounts/s"),
  rowsOf("events_delivered", "… events delivered to it (requested, approved, finished)"),
  rowsOf("w1_peak_mb", "Peak memory of a worker process, MB (PGlite: the one process)"),
  rowsOf("w2_peak_mb", "… with two workers, the larger, MB"),
  rowsOf("charts_read_ms", "Remediation page's data after the reset (stored snapshot), median ms (target ≤ 200)"),
  rowsOf("charts_read_max_ms", "… slowest of 7, ms"),
  rowsOf("charts_first_read_ms", "… the first read (every aggregate computed and stored), ms"),
  rowsOf("approve_ms", "Approval of the bulk reset, ms"),
  rowsOf("summary_status_change_ms", "The incident's summary at a status change (approval, finish), ms"),
  rowsOf("summary_full_recount_ms", "… the full recount over every work item that it replaced, ms"),
  rowsOf("preview_ms", "Dry-run preview of every account, ms (target ≤ 2,000)"),
  rowsOf("request_ms", "Request: accounts frozen into work items, ms"),
  rowsOf("audit_entries", "Audit entries verified"),
  rowsOf("audit_verify_rate", "`audit verify`, entries/s"),
].join("\n");
fs.mkdirSync(resultsDir, { recursive: true });
fs.writeFileSync(path.join(resultsDir, "remediation.json"), `${JSON.stringify(results, null, 2)}\n`);
fs.writeFileSync(path.join(resultsDir, "remediation.md"), `${md}\n`);
process.stdout.write(`${md}\n`);

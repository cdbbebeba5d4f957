// The forgetting benchmark, run by `npm run bench` last, or alone:
// `npm run bench:forget`.
//   BENCH_FORGET_ADDRESSES   exposed addresses of the incident (default 1,000,000;
//                            every tenth in a second message: 1.1 recipient rows each)
//   BENCH_DATABASE_URL       the PostgreSQL server (default the local one; a scratch database is made)
// On PostgreSQL: a closed incident built set-based (test/forget-fixture.ts)
// in partitions of its own, as a large import leaves it, and the same
// incident again in the shared default partition. Then, on the first one's
// rows: the baseline, one plain UPDATE per table setting the same keyed hash
// (in a transaction rolled back, then VACUUM); the pseudonymisation job on
// the second (updated in place) and then on the first (copied and swapped:
// claimed units of 10,000 rows, each its own transaction with its cursor and
// counts, then the key destroyed, the audit entry and the timeline event),
// each timed from the start to done; the baseline once more. The baseline's figure is the mean of its two runs: the load on a
// shared machine drifts.
// Results: bench/results/forget.json and .md (the previous run is kept in the
// JSON's history).
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { hmacPads } from "../lib/forget/keyed-hash";
import { bootDb } from "../server/boot";
import { closeDb, type Db } from "../server/db";
import { pseudonymSql } from "../server/forget/sql/pseudonym-sql";
import { unitsOf } from "../server/forget/forget-units";
import { runForgetUnit } from "../server/forget/run-forget-unit";
import { startForgetRun } from "../server/forget/start-forget-run";
import { createForgetFixture } from "../test/forget-fixture";

const root = path.resolve(import.meta.dirname, "..");
const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const addresses = Number(process.env.BENCH_FORGET_ADDRESSES ?? 1_000_000);
const loadBefore = os.loadavg()[0]!;

async function scratchDatabase(): Promise<{ db: Db; drop: () => Promise<void> }> {
  const name = `breachdesk_bench_forget_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await bootDb({ kind: "postgres", url: url.toString() });
  return {
    db,
    async drop() {
      await closeDb(db);
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      for (let i = 0; i < 100; i++) {
        const { rows } = await dropper.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`,
          [name],
        );
        if (Number(rows[0]?.n ?? 0) === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}

/** The same hash written by one UPDATE per table, as nothing but an UPDATE would: rolled back, so the job starts from the same rows. */
async function baseline(db: Db, incidentId: string): Promise<number> {
  const { ipad, opad } = hmacPads(randomBytes(32));
  const started = performance.now();
  await db.sql
    .transaction(async (tx) => {
      await tx.run(
        `UPDATE leaked_recipients SET email_normalized = ${pseudonymSql("email_normalized")},
                email_original = ${pseudonymSql("email_original")}, display_name = NULL WHERE incident_id = $1::uuid`,
        [incidentId, ipad, opad],
      );
      await tx.run(
        `UPDATE triage_entries SET email_normalized = ${pseudonymSql("email_normalized")},
                email_original = ${pseudonymSql("email_original")} WHERE incident_id = $1::uuid`,
        [incidentId, ipad, opad],
      );
      throw new RollBack();
    })
    .catch((error: unknown) => {
      if (!(error instanceof RollBack)) throw error;
    });
  const ms = performance.now() - started;
  for (const table of ["leaked_recipients", "triage_entries"]) await db.sql.exec(`VACUUM ${table}`);
  return ms;
}

class RollBack extends Error {}

/**
 * The job as the worker runs it, unit after unit, each unit's time added to
 * the part it worked on (read from the run's cursor before it): where the
 * time goes, by kind of rows.
 */
async function forgetTimed(db: Db, runId: string): Promise<Record<string, number>> {
  const names = unitsOf("pseudonymise").map((u) => u.name);
  const byPart: Record<string, number> = {};
  for (;;) {
    const [run] = await db.sql.query<{ cursor: { unit?: number; phase?: string } | null }>(
      `SELECT cursor FROM incident_forget_runs WHERE id = $1::uuid`,
      [runId],
    );
    const part = run?.cursor?.phase ?? names[run?.cursor?.unit ?? 0] ?? "finish";
    const started = performance.now();
    const outcome = await runForgetUnit(db, "bench-forget");
    byPart[part] = (byPart[part] ?? 0) + performance.now() - started;
    if (!outcome || outcome.finished) return byPart;
  }
}

const { db, drop } = await scratchDatabase();
let result;
try {
  const setupStarted = performance.now();
  const f = await createForgetFixture(db, addresses, { notices: 0, partitionsOfItsOwn: true });
  // The same incident in the shared default partition: the job updates it in place.
  const shared = await createForgetFixture(db, addresses, { notices: 0, partitionsOfItsOwn: false });
  const setupMs = performance.now() - setupStarted;
  process.stderr.write(
    `Built two incidents (${f.rows.leaked_recipients} recipient rows each) in ${Math.round(setupMs)} ms\n`,
  );
  const baselineBeforeMs = await baseline(db, f.incident.id);
  process.stderr.write(`Baseline UPDATE: ${Math.round(baselineBeforeMs)} ms\n`);
  const timeJob = async (incident: { slug: string }) => {
    const started = performance.now();
    const { runId } = await startForgetRun(db, { slug: incident.slug, step: "pseudonymise" }, null);
    const byPart = await forgetTimed(db, runId);
    return { ms: performance.now() - started, byPart };
  };
  const inPlace = await timeJob(shared.incident);
  process.stderr.write(`Job in place (default partition): ${Math.round(inPlace.ms)} ms\n`);
  const { ms: jobMs, byPart } = await timeJob(f.incident);
  // Once more after the job (the load on a shared machine drifts): the same UPDATE of the same rows.
  const baselineAfterMs = await baseline(db, f.incident.id);
  process.stderr.write(`Job: ${Math.round(jobMs)} ms; baseline again: ${Math.round(baselineAfterMs)} ms\n`);
  const baselineMs = (baselineBeforeMs + baselineAfterMs) / 2;
  const [run] = await db.sql.query<{ status: string; counts: Record<string, number> }>(
    `SELECT status, counts FROM incident_forget_runs WHERE incident_id = $1::uuid`,
    [f.incident.id],
  );
  if (run?.status !== "done" || run.counts.leaked_recipients !== f.rows.leaked_recipients) {
    throw new Error(`The job did not finish as expected: ${JSON.stringify(run)}`);
  }
  result = {
    addresses,
    recipientRows: f.rows.leaked_recipients,
    triageRows: f.rows.triage_entries,
    jobMs: Math.round(jobMs),
    baselineMs: Math.round(baselineMs),
    baselineBeforeMs: Math.round(baselineBeforeMs),
    baselineAfterMs: Math.round(baselineAfterMs),
    jobRate: Math.round(f.rows.leaked_recipients / (jobMs / 1000)),
    baselineRate: Math.round(f.rows.leaked_recipients / (baselineMs / 1000)),
    ratio: Number((jobMs / baselineMs).toFixed(2)),
    byPartMs: Object.fromEntries(Object.entries(byPart).map(([part, ms]) => [part, Math.round(ms)])),
    inPlaceMs: Math.round(inPlace.ms),
    inPlaceByPartMs: Object.fromEntries(Object.entries(inPlace.byPart).map(([part, ms]) => [part, Math.round(ms)])),
  };
} finally {
  await drop();
}

const at = new Date().toISOString();
const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? "unknown"}), Node ${process.version}, load average ${loadBefore.toFixed(1)} before and ${os.loadavg()[0]!.toFixed(1)} after`;
const dir = path.join(root, "bench", "results");
fs.mkdirSync(dir, { recursive: true });
const jsonPath = path.join(dir, "forget.json");
const previous = fs.existsSync(jsonPath)
  ? (JSON.parse(fs.readFileSync(jsonPath, "utf8")) as { history?: unknown[] })
  : {};
const entry = { at, machine, result };
fs.writeFileSync(jsonPath, `${JSON.stringify({ ...entry, history: [...(previous.history ?? []), entry] }, null, 2)}\n`);
const n = (v: number) => v.toLocaleString("en-GB");
const parts = (byPart: Record<string, number>) =>
  Object.entries(byPart)
    .map(([part, ms]) => `${part} ${n(ms)}`)
    .join("; ");
const md = [
  `Measured ${at} on ${machine}; a shared machine, so compare the two figures of one run, not runs.`,
  "",
  "| PostgreSQL | elapsed, ms | recipient rows/s |",
  "| --- | --- | --- |",
  `| Pseudonymisation job: ${n(result.recipientRows)} recipient rows and ${n(result.triageRows)} triage rows in partitions of their own (as an import leaves them), units of 10,000, key destroyed, audited (target < 60 s) | **${n(result.jobMs)}** | **${n(result.jobRate)}** |`,
  `| Baseline: one plain UPDATE per table setting the same hash (mean of ${n(result.baselineBeforeMs)} before the job and ${n(result.baselineAfterMs)} after) | ${n(result.baselineMs)} | ${n(result.baselineRate)} |`,
  `| The same job on the same incident in the shared default partition (updated in place), run just before | ${n(result.inPlaceMs)} | ${n(Math.round(result.recipientRows / (result.inPlaceMs / 1000)))} |`,
  `| Job / baseline | ${result.ratio} | |`,
  `| Job / in place | ${(result.jobMs / result.inPlaceMs).toFixed(2)} | |`,
  "",
  `Where the job's time went, by part (ms): ${parts(result.byPartMs)}.`,
  "",
  `In place: ${parts(result.inPlaceByPartMs)}.`,
  "",
].join("\n");
fs.writeFileSync(path.join(dir, "forget.md"), md);
process.stdout.write(`${md}\n`);

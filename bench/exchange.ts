// The exchange benchmark, run by `npm run bench` or alone:
// `npm run bench:exchange`. Against the reference exchange (a separate
// process, over loopback HTTP), with the worker as in production:
//   1. baseline: the same bulk reset with the built-in provider, same run, same machine;
//   2. no rate limit: a bulk reset of BENCH_EXCHANGE_ROWS accounts (default 100,000; target ≥ 5,000/s);
//   3. a rate limit of BENCH_EXCHANGE_RATE accounts/s (default 2,000): the rate achieved
//      (target within 5% of the limit, never above) and the busiest second;
//   4. faults: 10% of calls 503, 10% 429 with Retry-After, 1% dropped: every item
//      must succeed and the exchange's counters show each effect applied once.
// PostgreSQL (a worker process, its default two claim loops) and PGlite (the
// worker in this process, as in the app). Results: bench/results/exchange.{json,md}.
//   BENCH_DATABASE_URL, BENCH_TARGETS ("postgres,pglite"), BENCH_PGLITE_EXCHANGE_ROWS (default 50,000)
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { verifyAuditChain } from "../server/audit/verify-audit-chain";
import { bootDb } from "../server/boot";
import { closeDb, type Db } from "../server/db";
import { builtinProvider } from "../server/providers/builtin/builtin-provider";
import { createHttpProvider } from "../server/providers/http/http-provider";
import type { ExchangeConfig } from "../server/providers/http/exchange-config";
import { approveBulkAction } from "../server/remediation/control-bulk-action";
import { requestBulkAction } from "../server/remediation/request-bulk-action";
import { createRemediationFixture } from "../server/remediation/test-fixtures";
import { drainWork } from "../server/workers/work";
import { cliNodeArgs } from "../scripts/cli-bundle.mjs";

const root = path.resolve(import.meta.dirname, "..");
const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const targets = (process.env.BENCH_TARGETS ?? "postgres,pglite").split(",");
const rows = Number(process.env.BENCH_EXCHANGE_ROWS ?? 100_000);
const pgliteRows = Number(process.env.BENCH_PGLITE_EXCHANGE_ROWS ?? 50_000);
const rate = Number(process.env.BENCH_EXCHANGE_RATE ?? 2_000);
const SECRET = `bench-${randomBytes(12).toString("hex")}`;
// The CLI as bin/breachdesk.mjs runs it.
const CLI = await cliNodeArgs();

type Counters = {
  effectsApplied: { password_reset: number };
  duplicatesRefused: number;
  maxAppliedPerAccount: number;
  repeatedEffects: number;
  faults: Record<string, number>;
  appliedPer100ms: number[];
};

type Sim = { url: string; child: ChildProcess; counters(): Promise<Counters>; stop(): Promise<void> };

function startSim(args: string[]): Promise<Sim> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, "exchange-sim", "--port", "0", "--secret", SECRET, ...args], { cwd: root });
    let stdout = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /\{"url":"([^"]+)"\}/.exec(stdout);
      if (match)
        resolve({
          url: match[1]!,
          child,
          counters: async () => (await (await fetch(`${match[1]}/_sim/counters`)).json()) as Counters,
          stop: () => new Promise((done) => (child.once("close", () => done()), child.kill("SIGTERM"))),
        });
    });
    child.on("error", reject);
    child.on("close", (code) => reject(new Error(`exchange-sim exited ${code}`)));
  });
}

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, "worker"], { cwd: root, env: { ...process.env, ...env } });
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/worker \S+ started/.test(stderr)) resolve(child);
    });
    child.on("error", reject);
  });
}

async function waitFinished(db: Db, id: string): Promise<void> {
  for (;;) {
    const bulk = await db.prisma.bulkAction.findUniqueOrThrow({ where: { id }, select: { status: true, succeeded: true, total: true } });
    if (bulk.status === "completed") {
      if (bulk.succeeded !== bulk.total) throw new Error(`only ${bulk.succeeded} of ${bulk.total} items succeeded`);
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function prepare(db: Db, n: number) {
  const f = await createRemediationFixture(db, n);
  const requested = await requestBulkAction(
    db,
    f.incident,
    { kind: "password_reset", reason: "Benchmark", selection: { kind: "filter", query: "" } },
    f.requester,
  );
  return { f, requested };
}

/** The busiest 1-second window (ten 100 ms slots) of effects applied, per second. */
function busiestSecond(per100ms: number[]): number {
  let best = 0;
  for (let i = 0; i + 10 <= per100ms.length; i++) best = Math.max(best, per100ms.slice(i, i + 10).reduce((a, b) => a + b, 0));
  return best;
}

type Scenario = { name: string; simArgs: string[]; env: Record<string, string>; n: number; provider: "builtin" | "http" };

function scenarios(n: number): Scenario[] {
  const limited = Math.min(n, rate * 10);
  return [
    { name: "builtin", simArgs: [], env: {}, n, provider: "builtin" },
    { name: "http", simArgs: [], env: {}, n, provider: "http" },
    { name: "limited", simArgs: [], env: { BREACHDESK_EXCHANGE_RATE_LIMIT: String(rate) }, n: limited, provider: "http" },
    {
      name: "faults",
      simArgs: ["--error-rate", "0.1", "--throttle-rate", "0.1", "--retry-after", "1", "--drop-rate", "0.01"],
      env: { BREACHDESK_EXCHANGE_BACKOFF_BASE_MS: "50", BREACHDESK_EXCHANGE_BACKOFF_CAP_MS: "2000" },
      n,
      provider: "http",
    },
  ];
}

function summarise(name: string, n: number, ms: number, counters: Counters | null) {
  const out: Record<string, number | boolean> = { [`${name}_rows`]: n, [`${name}_rate`]: Math.round(n / (ms / 1000)), [`${name}_ms`]: Math.round(ms) };
  if (counters) {
    out[`${name}_exactly_once`] =
      counters.effectsApplied.password_reset === n && counters.maxAppliedPerAccount === 1 && counters.repeatedEffects === 0;
    out[`${name}_duplicates_refused`] = counters.duplicatesRefused;
    out[`${name}_faults`] = Object.values(counters.faults).reduce((a, b) => a + b, 0);
    const slots = counters.appliedPer100ms;
    // Achieved, at the exchange: the effects after the first 100 ms slot over
    // the time from the end of that slot to the end of the last (the first
    // call's accounts were paid for before the first effect).
    out[`${name}_achieved_rate`] = Math.round((n - (slots[0] ?? 0)) / (Math.max(1, slots.length - 1) / 10));
    out[`${name}_busiest_second`] = busiestSecond(slots);
  }
  return out;
}

function httpEnv(sim: Sim, extra: Record<string, string>): Record<string, string> {
  return { BREACHDESK_PROVIDER: "http", BREACHDESK_EXCHANGE_URL: sim.url, BREACHDESK_EXCHANGE_SECRETS: SECRET, ...extra };
}

async function runPostgres() {
  const name = `breachdesk_bench_ex_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await bootDb({ kind: "postgres", url: url.toString() });
  const results: Record<string, number | boolean> = {};
  try {
    for (const s of scenarios(rows)) {
      const sim = await startSim(s.simArgs);
      const { f, requested } = await prepare(db, s.n);
      const env = { DATABASE_URL: url.toString(), BREACHDESK_WORK_POLL_MS: "20", ...(s.provider === "http" ? httpEnv(sim, s.env) : {}) };
      const worker = await startWorker(env);
      const t0 = performance.now();
      await approveBulkAction(db, requested.id, f.approver);
      await waitFinished(db, requested.id);
      const ms = performance.now() - t0;
      worker.kill("SIGTERM");
      Object.assign(results, summarise(s.name, s.n, ms, s.provider === "http" ? await sim.counters() : null));
      await sim.stop();
      process.stderr.write(`postgres ${s.name}: ${s.n} resets in ${Math.round(ms)} ms\n`);
    }
    if (!(await verifyAuditChain(db.sql)).ok) throw new Error("audit chain broken after the benchmark");
    return results;
  } finally {
    await closeDb(db);
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

async function runPglite() {
  const results: Record<string, number | boolean> = {};
  for (const s of scenarios(pgliteRows).filter((x) => x.name !== "faults")) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "breachdesk-bench-ex-"));
    const db = await bootDb({ kind: "pglite", dataDir: dir, owner: "exchange benchmark" });
    const sim = await startSim(s.simArgs);
    try {
      const { f, requested } = await prepare(db, s.n);
      const config: ExchangeConfig = {
        baseUrl: sim.url,
        secrets: [SECRET],
        rateLimit: s.env.BREACHDESK_EXCHANGE_RATE_LIMIT ? Number(s.env.BREACHDESK_EXCHANGE_RATE_LIMIT) : null,
        concurrency: 8,
        timeoutMs: 10_000,
        itemsPerCall: 500,
        maxAttempts: 5,
        backoffBaseMs: 200,
        backoffCapMs: 10_000,
        breakerFailures: 5,
        breakerCooldownMs: 30_000,
      };
      const provider = s.provider === "http" ? createHttpProvider(config) : builtinProvider;
      const t0 = performance.now();
      await approveBulkAction(db, requested.id, f.approver);
      // Two loops with the exchange (its calls hold no connection), as the app runs them (workerConcurrency).
      await Promise.all(Array.from({ length: s.provider === "http" ? 2 : 1 }, () => drainWork(db, { provider })));
      const ms = performance.now() - t0;
      Object.assign(results, summarise(s.name, s.n, ms, s.provider === "http" ? await sim.counters() : null));
      process.stderr.write(`pglite ${s.name}: ${s.n} resets in ${Math.round(ms)} ms\n`);
    } finally {
      await sim.stop();
      await closeDb(db);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}

const results: Record<string, Record<string, number | boolean>> = {};
for (const target of targets) {
  if (target === "postgres") results.postgres = await runPostgres();
  if (target === "pglite") results.pglite = await runPglite();
}
const fmt = (v: number | boolean | undefined) => (v === undefined ? "—" : typeof v === "boolean" ? (v ? "yes" : "**no**") : v.toLocaleString("en-GB"));
const line = (key: string, label: string) => `| ${label} | ${fmt(results.postgres?.[key])} | ${fmt(results.pglite?.[key])} |`;
const ratio = (db: string) => {
  const r = results[db];
  return r?.http_rate && r.builtin_rate ? (Number(r.http_rate) / Number(r.builtin_rate)).toFixed(2) : "—";
};
const md = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}); the reference exchange in its own process on loopback.`,
  "",
  "| | postgres | pglite |",
  "| --- | --- | --- |",
  line("builtin_rows", "Accounts in the bulk reset"),
  line("builtin_rate", "Baseline, built-in provider, approval to last item, accounts/s"),
  line("http_rate", "Through the exchange, no rate limit, accounts/s (target ≥ 5,000)"),
  `| … as a share of the baseline | ${ratio("postgres")} | ${ratio("pglite")} |`,
  line("http_exactly_once", "… each effect applied once (exchange's counters)"),
  line("limited_rows", `With a limit of ${rate.toLocaleString("en-GB")} accounts/s: accounts`),
  line("limited_achieved_rate", "… achieved at the exchange, accounts/s (target within 5%, never above)"),
  line("limited_busiest_second", "… busiest 1-second window, accounts"),
  line("faults_rate", "With 20% of calls 503/429 and 1% dropped: accounts/s"),
  line("faults_faults", "… faults injected"),
  line("faults_duplicates_refused", "… repeated calls answered from the exchange's record"),
  line("faults_exactly_once", "… every item succeeded, each effect applied once"),
].join("\n");
fs.mkdirSync(path.join(root, "bench", "results"), { recursive: true });
fs.writeFileSync(path.join(root, "bench", "results", "exchange.json"), `${JSON.stringify(results, null, 2)}\n`);
fs.writeFileSync(path.join(root, "bench", "results", "exchange.md"), `${md}\n`);
process.stdout.write(`${md}\n`);

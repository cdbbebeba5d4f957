// Pages under load, run by `npm run bench:charts` after the data
// benchmark, or alone: `node --import tsx bench/load-pages.ts`. Needs a build
// (`npm run build`, or NEXT_DIST_DIR naming one).
//   BENCH_TARGETS            "postgres,postgres-1,pglite" (default; postgres-1: one web process)
//   BENCH_LOAD_SECONDS       seconds per page and round (default 5, after 2 s of warm-up)
//   BENCH_LOAD_ROUNDS        rounds over the pages (default 3): the pages take turns, so
//                            that the machine's slow minutes fall on all of them alike
//   BENCH_LOAD_CONNECTIONS   concurrent signed-in connections (default 10)
//   BENCH_DATABASE_URL       the PostgreSQL server (a scratch database is made, seeded with the demo and dropped)
// For each database: the app (scripts/serve.mjs, production build, its
// in-process worker on; on PostgreSQL one web process per core, as `npm start`
// runs it, and once more with one process) on the demo incident, a manager
// signed in through next-auth's own sign-in, then autocannon (from the npm
// registry) on the incident list (the lightest signed-in page: the floor of
// this stack, the baseline the other pages are compared with), the overview,
// the Exposed accounts table and the remediation page, one page at a time,
// taking turns over several rounds. Each response's time is recorded for p50
// and p95. Results are merged into bench/results/remediation-charts.json
// under "load".
import { spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import pg from "pg";
import { freePort, signIn, startServer } from "./app-server";
import { writeChartsReport } from "./charts-report";

const root = path.resolve(import.meta.dirname, "..");
const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const targets = (process.env.BENCH_TARGETS ?? "postgres,postgres-1,pglite").split(",");
const seconds = Number(process.env.BENCH_LOAD_SECONDS ?? 5);
const rounds = Number(process.env.BENCH_LOAD_ROUNDS ?? 3);
const connections = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 10);
const INCIDENT = "/incidents/2019-11-indices-update";
const PAGES = {
  floor: "/incidents",
  overview: INCIDENT,
  exposedAccounts: `${INCIDENT}/accounts`,
  remediation: `${INCIDENT}/remediation`,
};
const MANAGER = { email: "manager@breachdesk.test", password: "Demo-Manager-2019" };

function cli(args: string[], env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, [path.join(root, "bin", "breachdesk.mjs"), ...args], {
    cwd: root,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (result.status !== 0) throw new Error(`breachdesk ${args.join(" ")} failed (exit ${result.status})`);
}

/** Signs the manager in; returns the Cookie header. */
async function signInManager(base: string): Promise<string> {
  return (await signIn(base, MANAGER)).header();
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
};

async function load(url: string, cookie: string, duration: number) {
  const times: number[] = [];
  const instance = autocannon({ url, connections, duration, headers: { cookie } });
  instance.on("response", (_client: unknown, _status: number, _bytes: number, ms: number) => times.push(ms));
  const result = await instance;
  return { requestsPerSecond: result["2xx"] / result.duration, times, non2xx: result.non2xx, errors: result.errors };
}

const median = (values: number[]) => percentile(values, 50);

/** Each page in turn, `rounds` times: the median round's rate, and p50/p95 over every response. */
async function measure(base: string) {
  const cookie = await signInManager(base);
  const pages = Object.entries(PAGES);
  const runs = new Map<string, Awaited<ReturnType<typeof load>>[]>(pages.map(([name]) => [name, []]));
  const html = new Map<string, Buffer>();
  for (const [name, pagePath] of pages) {
    const page = await fetch(`${base}${pagePath}`, { headers: { cookie } });
    if (page.status !== 200) throw new Error(`${pagePath}: ${page.status}`);
    html.set(name, Buffer.from(await page.arrayBuffer()));
    await load(`${base}${pagePath}`, cookie, 2);
  }
  for (let round = 0; round < rounds; round++) {
    for (const [name, pagePath] of pages) runs.get(name)!.push(await load(`${base}${pagePath}`, cookie, seconds));
  }
  const out: Record<string, unknown> = {};
  for (const [name] of pages) {
    const all = runs.get(name)!;
    const times = all.flatMap((run) => run.times);
    const page = html.get(name)!;
    out[name] = {
      requestsPerSecond: Math.round(median(all.map((run) => run.requestsPerSecond)) * 10) / 10,
      roundsRequestsPerSecond: all.map((run) => Math.round(run.requestsPerSecond)),
      p50Ms: Math.round(percentile(times, 50)),
      p95Ms: Math.round(percentile(times, 95)),
      non2xx: all.reduce((sum, run) => sum + run.non2xx, 0),
      errors: all.reduce((sum, run) => sum + run.errors, 0),
      htmlKb: Math.round(page.length / 102.4) / 10,
      htmlGzipKb: Math.round(gzipSync(page).length / 102.4) / 10,
    };
    console.error(`  ${name}: ${JSON.stringify(out[name])}`);
  }
  return out;
}

const results: Record<string, unknown> = {
  measuredAt: new Date().toISOString(),
  conditions: `${connections} connections; ${rounds} rounds of ${seconds} s per page, the pages in turn (the median round's req/s; p50 and p95 over every response), after 2 s of warm-up; one manager session, demo incident (23,000 exposed), ${os.cpus().length} cores`,
};
const base = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const cores = os.availableParallelism();
if (targets.includes("postgres") || targets.includes("postgres-1")) {
  const name = `breachdesk_bench_load_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const env = {
    ...base,
    DATABASE_URL: url.toString(),
    NEXTAUTH_SECRET: "bench-only-secret-0123456789abcdef0123456789",
  };
  try {
    console.error("[postgres] seeding the demo…");
    cli(["db", "migrate"], { ...env, NODE_ENV: "development" });
    cli(["db", "seed"], { ...env, NODE_ENV: "development" });
    for (const [target, processes] of [
      ["postgres", cores],
      ["postgres-1", 1],
    ] as const) {
      if (!targets.includes(target)) continue;
      const port = await freePort();
      const server = await startServer({ ...env, BREACHDESK_WEB_PROCESSES: String(processes) }, port);
      try {
        console.error(`[${target}] ${processes} web process(es)`);
        results[target === "postgres" ? "postgres" : "postgresOneProcess"] = {
          webProcesses: processes,
          ...(await measure(`http://localhost:${port}`)),
        };
      } finally {
        server.kill("SIGTERM");
        await new Promise((r) => server.once("exit", r));
      }
    }
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
if (targets.includes("pglite")) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "breachdesk-load-"));
  const env: NodeJS.ProcessEnv = { ...base, BREACHDESK_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  let server: ChildProcess | undefined;
  try {
    console.error("[pglite] seeding the demo…");
    cli(["db", "migrate"], { ...env, NODE_ENV: "development" });
    cli(["db", "seed"], { ...env, NODE_ENV: "development" });
    const port = await freePort();
    server = await startServer(env, port);
    results.pglite = await measure(`http://localhost:${port}`);
  } finally {
    server?.kill("SIGTERM");
    await new Promise((r) => server?.once("exit", r) ?? r(null));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const file = path.join(root, "bench", "results", "remediation-charts.json");
const previous = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>) : {};
fs.mkdirSync(path.dirname(file), { recursive: true });
fs.writeFileSync(file, `${JSON.stringify({ ...previous, load: results }, null, 2)}\n`);
writeChartsReport(root);
console.log(JSON.stringify(results));

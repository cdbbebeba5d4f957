// `npm run bench`: the import and triage benchmarks on PGlite and, when
// reachable, PostgreSQL. Generates the data (deterministic), runs each
// database in its own process (its own peak memory), and writes
// bench/results/latest.json and bench/results/latest.md.
//   BENCH_ROWS (default 1,000,000), BENCH_DATABASE_URL (default the local
//   server at 127.0.0.1:5432, database postgres; a scratch database is made),
//   BENCH_TARGETS (default "postgres,pglite"), BENCH_RUNS (recipient imports
//   measured per database, default 3; the figures are their medians),
//   BENCH_BASELINE_RUNS (COPY baseline runs, default 3), BENCH_RESULTS_DIR
//   (default bench/results; bench/ten-million.mjs points it elsewhere)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const targets = (process.env.BENCH_TARGETS ?? "postgres,pglite").split(",");
const runs = Number(process.env.BENCH_RUNS ?? 3);
// Read by each step's process too (inherited).
const baselineRuns = Number(process.env.BENCH_BASELINE_RUNS ?? 3);
const workdir = fs.mkdtempSync(path.join(os.tmpdir(), "breachdesk-bench-"));

function generate() {
  // 1,000,000 accounts and 1,000,000 leaked recipients in batches of 1,000;
  // 90% of the leaked addresses have an account, a third of accounts use 2FA.
  let seed = 2019;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const countries = ["GB", "DE", "US", "FR", "NL", "ES", "IT", "PL", "KR", "JP", "BR", "CA"];
  const accounts = fs.openSync(path.join(workdir, "accounts.csv"), "w");
  const recipients = fs.openSync(path.join(workdir, "recipients.csv"), "w");
  fs.writeSync(accounts, "account_id,email,2fa,balance,country,created,last_login\n");
  fs.writeSync(recipients, "email,batch\n");
  let a = "";
  let r = "";
  for (let i = 0; i < rows; i++) {
    const email = i % 10 === 0 ? `customer.${i}@gmail.com` : `customer${i}@example${i % 50}.com`;
    a += `EX${i},${email},${random() < 0.33 ? "yes" : "no"},${(random() ** 3 * 50000).toFixed(2)},${countries[i % countries.length]},2018-01-01,2019-11-01T10:00:00Z\n`;
    const leaked = random() < 0.9 ? email : `gone${i}@example${i % 50}.net`;
    r += `${leaked},batch-${Math.floor(i / 1000)}\n`;
    if (a.length > 1 << 20) {
      fs.writeSync(accounts, a);
      fs.writeSync(recipients, r);
      a = "";
      r = "";
    }
  }
  fs.writeSync(accounts, a);
  fs.writeSync(recipients, r);
  fs.closeSync(accounts);
  fs.closeSync(recipients);
  fs.writeFileSync(path.join(workdir, "rows.txt"), String(rows));
}

function runStep(step, target, url, run = 0) {
  const child = spawnSync(
    process.execPath,
    [
      "--conditions=react-server",
      "--import",
      "tsx",
      path.join(root, "bench", "import-and-triage.ts"),
      step,
      target,
      workdir,
      String(run),
      ...(url ? [url] : []),
    ],
    { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 24 },
  );
  if (child.status !== 0) throw new Error(`${target} benchmark (${step}) failed (exit ${child.status})`);
  return JSON.parse(child.stdout.trim().split("\n").at(-1));
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

// The set-up (database, directory, COPY baseline) runs once; the recipient
// import RUNS times, each in a process of its own and into an incident of its
// own. Each figure is the median over the runs (peak memory: the highest).
function runTarget(target, url) {
  const setup = runStep("setup", target, url);
  const measured = [];
  for (let run = 1; run <= runs; run++) {
    console.error(`  import run ${run} of ${runs} …`);
    measured.push(runStep("import", target, url, run));
  }
  const pick = (key) => median(measured.map((m) => m[key]));
  const phase = (name) => median(measured.map((m) => m.phaseMs[name] ?? 0));
  const importMatchMs = pick("importMatchMs");
  const rankMs = pick("rankMs");
  const endToEndMs = pick("endToEndMs");
  return {
    target,
    rows,
    runs,
    ...setup,
    phaseMs: { reading: phase("reading"), applying: phase("applying"), ranking: phase("ranking") },
    importMatchMs,
    importMatchRunsMs: measured.map((m) => m.importMatchMs),
    importMatchRowsPerSecond: Math.round(rows / (importMatchMs / 1000)),
    importMatchVsCopy: Number((setup.copyBaselineMs / importMatchMs).toFixed(2)),
    rankMs,
    rankRowsPerSecond: Math.round(rows / (rankMs / 1000)),
    endToEndMs,
    endToEndRowsPerSecond: Math.round(rows / (endToEndMs / 1000)),
    endToEndVsCopy: Number((setup.copyBaselineMs / endToEndMs).toFixed(2)),
    matched: measured[0].matched,
    unmatched: measured[0].unmatched,
    triageFirstPageMs: pick("triageFirstPageMs"),
    triageDeepPage: measured[0].triageDeepPage,
    triageDeepPageMs: pick("triageDeepPageMs"),
    balanceFirstPageBeforeIndexMs: pick("balanceFirstPageBeforeIndexMs"),
    sortIndexesMs: pick("sortIndexesMs"),
    balanceFirstPageMs: pick("balanceFirstPageMs"),
    balanceDeepPageMs: pick("balanceDeepPageMs"),
    chartsComputeMs: pick("chartsComputeMs"),
    chartsFirstViewMs: pick("chartsFirstViewMs"),
    overviewSummaryMs: pick("overviewSummaryMs"),
    overviewAggregateMs: pick("overviewAggregateMs"),
    reimportPhaseMs: {
      reading: median(measured.map((m) => m.reimportPhaseMs.reading ?? 0)),
      applying: median(measured.map((m) => m.reimportPhaseMs.applying ?? 0)),
      ranking: median(measured.map((m) => m.reimportPhaseMs.ranking ?? 0)),
    },
    reimportMatchMs: pick("reimportMatchMs"),
    reimportMatchRunsMs: measured.map((m) => m.reimportMatchMs),
    // Above 1: the re-import (duplicates only) is faster than the first import.
    reimportVsFirst: Number((importMatchMs / pick("reimportMatchMs")).toFixed(2)),
    reimportEndToEndMs: pick("reimportEndToEndMs"),
    reimportEndToEndVsFirst: Number((endToEndMs / pick("reimportEndToEndMs")).toFixed(2)),
    smallImportMs: pick("smallImportMs"),
    importPeakRssMb: Math.max(...measured.map((m) => m.importPeakRssMb)),
  };
}

async function scratchDatabase() {
  const admin = new pg.Client({ connectionString: serverUrl });
  try {
    await admin.connect();
  } catch (error) {
    console.error(`PostgreSQL not reachable at ${serverUrl} (${error.message}): PGlite only.`);
    return null;
  }
  const name = `breachdesk_bench_${Date.now()}`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORMAT)`.replace("FORMAT", "FORCE"));
      await c.end();
    },
  };
}

const TARGETS = {
  postgres: { importRowsPerSecond: 150_000 },
  pglite: { importRowsPerSecond: 80_000 },
};

function markdown(results) {
  const cell = (v) => (typeof v === "number" ? v.toLocaleString("en-GB") : v);
  const lines = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "unknown CPU"}), ${rows.toLocaleString("en-GB")} leaked recipients and ${rows.toLocaleString("en-GB")} customer accounts; medians of ${runs} imports (each in a fresh incident, in a process of its own) and of ${baselineRuns} baseline runs.`,
    "",
    "| | " + results.map((r) => r.target).join(" | ") + " |",
    "| --- | " + results.map(() => "---").join(" | ") + " |",
  ];
  const row = (label, fn) => lines.push(`| ${label} | ${results.map((r) => cell(fn(r))).join(" | ")} |`);
  row(
    "Import + match recipients (parse, stage, apply, match), rows/s (target)",
    (r) => `${cell(r.importMatchRowsPerSecond)} (≥ ${cell(TARGETS[r.target].importRowsPerSecond)})`,
  );
  row("Baseline: plain COPY into an indexed table, rows/s", (r) => r.copyBaselineRowsPerSecond);
  row("Import + match ÷ COPY baseline", (r) => r.importMatchVsCopy);
  row("Rank (triage rows rebuilt), rows/s", (r) => r.rankRowsPerSecond);
  row("End to end (import, match, rank: one transaction), rows/s", (r) => r.endToEndRowsPerSecond);
  row("End to end ÷ COPY baseline", (r) => r.endToEndVsCopy);
  row(
    "… parse + stage / apply + match / rank, ms",
    (r) => `${cell(r.phaseMs.reading)} / ${cell(r.phaseMs.applying)} / ${cell(r.phaseMs.ranking)}`,
  );
  row("Re-import of the same list (duplicates only): import + match, ms", (r) => r.reimportMatchMs);
  row("… first import ÷ re-import, import + match (≥ 1)", (r) => r.reimportVsFirst);
  row(
    "… re-import parse + stage / apply + match / rank, ms",
    (r) =>
      `${cell(r.reimportPhaseMs.reading)} / ${cell(r.reimportPhaseMs.applying)} / ${cell(r.reimportPhaseMs.ranking)}`,
  );
  row("… first import ÷ re-import, end to end", (r) => r.reimportEndToEndVsFirst);
  row(`Then 1,000 more rows into that incident, end to end, ms`, (r) => r.smallImportMs);
  row(`Customer directory import (${rows.toLocaleString("en-GB")} accounts), ms`, (r) => r.accountsMs);
  row("… import + match of each run, ms", (r) => r.importMatchRunsMs.map(cell).join(" / "));
  row("… COPY baseline of each run, ms", (r) => r.copyBaselineRunsMs.map(cell).join(" / "));
  row("Peak memory of a recipient import's process, MB (≤ 1,024)", (r) => r.importPeakRssMb);
  row("Peak memory of the set-up's process (database created, directory imported), MB", (r) => r.setupPeakRssMb);
  row("Triage first page, 2 filters, ms (≤ 50)", (r) => r.triageFirstPageMs);
  row(
    `Triage page ${results[0].triageDeepPage.toLocaleString("en-GB")}, 2 filters, ms (≤ 2 × first)`,
    (r) => r.triageDeepPageMs,
  );
  row(
    "Triage by balance, first page, 2 filters, before the worker's order indexes, ms",
    (r) => r.balanceFirstPageBeforeIndexMs,
  );
  row("… the worker's sweep building them after the import, ms", (r) => r.sortIndexesMs);
  row(
    `… then the first page / page ${results[0].triageDeepPage.toLocaleString("en-GB")}, ms (≤ 50)`,
    (r) => `${cell(r.balanceFirstPageMs)} / ${cell(r.balanceDeepPageMs)}`,
  );
  row("Charts computed by the worker's sweep after the import (the first view's wait without it), ms", (r) => r.chartsComputeMs);
  row("… then the overview's or remediation page's first view of them, ms", (r) => r.chartsFirstViewMs);
  row("Overview numbers from the maintained summary, ms", (r) => r.overviewSummaryMs);
  row("Same numbers by aggregating per request, ms", (r) => r.overviewAggregateMs);
  return lines.join("\n");
}

async function main() {
  console.error(`Generating ${rows.toLocaleString("en-GB")} accounts and recipients in ${workdir} …`);
  generate();
  const results = [];
  const scratch = targets.includes("postgres") ? await scratchDatabase() : null;
  try {
    if (scratch) {
      console.error("PostgreSQL …");
      results.push(runTarget("postgres", scratch.url));
    }
    if (targets.includes("pglite")) {
      console.error("PGlite …");
      results.push(runTarget("pglite"));
    }
  } finally {
    await scratch?.drop();
    fs.rmSync(workdir, { recursive: true, force: true });
  }
  const out = process.env.BENCH_RESULTS_DIR ?? path.join(root, "bench", "results");
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(
    path.join(out, "latest.json"),
    `${JSON.stringify({ date: new Date().toISOString(), rows, results }, null, 2)}\n`,
  );
  const md = markdown(results);
  fs.writeFileSync(path.join(out, "latest.md"), `${md}\n`);
  console.log(md);
}

await main();

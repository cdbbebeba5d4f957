// `npm run bench:ten-million`: the ten-million-row run on PostgreSQL, once,
// beside a one-million-row run in the same invocation on the same server (the
// figures that must not move with the row count are compared as ratios).
// Not part of `npm run bench`: it needs about an hour and 30 GB of disk.
//   BENCH_ROWS        the large run (default 10,000,000)
//   BENCH_BASE_ROWS   the run it is compared with (default 1,000,000)
//   BENCH_DATABASE_URL the PostgreSQL server (default the local one; each step makes and drops a scratch database)
//   BENCH_RESUME=1    keeps the last run's figures and runs only the steps it lacks
//   BENCH_STEPS       with BENCH_RESUME=1: only these steps (import-base, import-big, reset-base, reset-big), again
// Reuses the two benchmarks, each in processes of its own: bench/run.mjs
// (import of the directory and the leaked list, its peak memory, the triage
// pages, the overview) at the base size and then the large one; then
// bench/remediation.ts with one worker (bulk reset of every account, the
// remediation page's data on that incident afterwards, `audit verify` over
// the chain) at the base size and then the large one. The load average is
// sampled throughout: other work on the machine shows in it. Results:
// bench/results/ten-million.json and .md, rewritten after every step so an
// interrupted run keeps what it measured.
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const big = Number(process.env.BENCH_ROWS ?? 10_000_000);
const base = Number(process.env.BENCH_BASE_ROWS ?? 1_000_000);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "breachdesk-ten-million-"));
const out = path.join(root, "bench", "results");

const sampleLoad = (label) =>
  load.push({ at: new Date().toISOString(), label, loadavg: os.loadavg().map((l) => Number(l.toFixed(2))) });

function runNode(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, BENCH_TARGETS: "postgres", ...env },
      stdio: ["ignore", "ignore", "inherit"],
    });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`${args.at(-1)} exited with ${code}`))));
  });
}

async function importRun(rows) {
  const dir = path.join(scratch, `import-${rows}`);
  await runNode([path.join(root, "bench", "run.mjs")], {
    BENCH_ROWS: String(rows),
    BENCH_RUNS: "1",
    BENCH_BASELINE_RUNS: "1",
    BENCH_RESULTS_DIR: dir,
  });
  return JSON.parse(fs.readFileSync(path.join(dir, "latest.json"), "utf8")).results[0];
}

async function remediationRun(rows) {
  const dir = path.join(scratch, `remediation-${rows}`);
  await runNode(["--conditions=react-server", "--import", "tsx", path.join(root, "bench", "remediation.ts")], {
    BENCH_REMEDIATION_ROWS: String(rows),
    BENCH_REMEDIATION_RUNS: "w1",
    BENCH_RESULTS_DIR: dir,
  });
  return JSON.parse(fs.readFileSync(path.join(dir, "remediation.json"), "utf8")).postgres;
}

// BENCH_RESUME=1 keeps the last run's figures and runs only the steps it lacks.
const previous = path.join(out, "ten-million.json");
const results =
  process.env.BENCH_RESUME === "1" && fs.existsSync(previous)
    ? JSON.parse(fs.readFileSync(previous, "utf8"))
    : { startedAt: new Date().toISOString(), rows: { base, big }, import: {}, remediation: {}, load: [] };
const load = results.load;
if (process.env.BENCH_RESUME === "1") results.resumed = [...(results.resumed ?? []), new Date().toISOString()];

const cell = (v) => (v === undefined || v === null ? "—" : typeof v === "number" ? v.toLocaleString("en-GB") : v);
const ratio = (a, b) =>
  typeof a === "number" && typeof b === "number" && a > 0 ? Number((b / a).toFixed(2)) : undefined;

function markdown() {
  const [ib, ig] = [results.import[base], results.import[big]];
  const [rb, rg] = [results.remediation[base], results.remediation[big]];
  const lines = [
    `Measured ${results.startedAt.slice(0, 16).replace("T", " ")} UTC${results.resumed?.length ? `, resumed ${results.resumed.map((at) => at.slice(0, 16).replace("T", " ")).join(", ")}` : ""}${results.finishedAt ? `, finished ${results.finishedAt.slice(0, 16).replace("T", " ")} UTC` : " (unfinished)"} on ${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? "unknown CPU"}), PostgreSQL, one invocation: ${cell(base)} rows and then ${cell(big)}, each import and each bulk reset in a process and a scratch database of its own, on the same server. One run per figure (no medians over runs); the triage pages are medians of 15 reads, the page data of 7.`,
    "",
    `| | ${cell(base)} | ${cell(big)} | ${cell(big)} ÷ ${cell(base)} | goal |`,
    "| --- | --- | --- | --- | --- |",
  ];
  const row = (label, pick, goal, showRatio = true) => {
    const a = pick(ib, rb);
    const b = pick(ig, rg);
    lines.push(`| ${label} | ${cell(a)} | ${cell(b)} | ${showRatio ? cell(ratio(a, b)) : ""} | ${goal} |`);
  };
  row("Peak memory of the recipient import's process, MB", (i) => i?.importPeakRssMb, "≤ 1,024 and flat (ratio ≈ 1)");
  row("… of the set-up's process (directory import), MB", (i) => i?.setupPeakRssMb, "");
  row("Customer directory import, ms", (i) => i?.accountsMs, "");
  row("Import + match recipients, rows/s", (i) => i?.importMatchRowsPerSecond, "");
  row("Import end to end (import, match, rank), rows/s", (i) => i?.endToEndRowsPerSecond, "");
  row("Baseline: plain COPY into an indexed table, rows/s", (i) => i?.copyBaselineRowsPerSecond, "");
  row("Triage first page, 2 filters, ms", (i) => i?.triageFirstPageMs, "< 50");
  row(
    "Triage deep page (page number), 2 filters, ms",
    (i) => (i ? `${cell(i.triageDeepPageMs)} (page ${cell(i.triageDeepPage)})` : undefined),
    "< 50",
    false,
  );
  row("The worker's balance and last-event order indexes, built after the import, ms", (i) => i?.sortIndexesMs, "");
  row("The worker's charts, computed after the import (the first view's wait without it), ms", (i) => i?.chartsComputeMs, "");
  row("… then the first view of them, ms", (i) => i?.chartsFirstViewMs, "< 200");
  row(
    "Triage by balance, first page / deep page, 2 filters, ms",
    (i) =>
      i?.balanceFirstPageMs === undefined ? undefined : `${cell(i.balanceFirstPageMs)} / ${cell(i.balanceDeepPageMs)}`,
    "< 50",
    false,
  );
  row("Overview numbers from the maintained summary, ms", (i) => i?.overviewSummaryMs, "");
  row("Bulk reset of every account, one worker, accounts/s", (_, r) => r?.w1_rate, "same as at 1M (ratio ≈ 1)");
  row("… ms", (_, r) => r?.w1_ms, "");
  row("… peak memory of the worker process, MB", (_, r) => r?.w1_peak_mb, "");
  row("Approval of the bulk reset, ms", (_, r) => r?.approve_ms, "same as at 1M");
  row(
    "The incident's summary at a status change (approval, finish), ms",
    (_, r) => r?.summary_status_change_ms,
    "same as at 1M",
  );
  row("… the full recount over every work item that it replaced, ms", (_, r) => r?.summary_full_recount_ms, "");
  row("Dry-run preview of every account, ms", (_, r) => r?.preview_ms, "");
  row("Request (accounts frozen into work items), ms", (_, r) => r?.request_ms, "");
  row("Remediation page's data after the reset, median of 7, ms", (_, r) => r?.charts_read_ms, "< 200");
  row("… slowest of 7, ms", (_, r) => r?.charts_read_max_ms, "");
  row("… first read (every aggregate computed and stored), ms", (_, r) => r?.charts_first_read_ms, "");
  row("`audit verify`: entries", (_, r) => r?.audit_entries, "");
  row("`audit verify`: entries/s", (_, r) => r?.audit_verify_rate, "reported");
  lines.push(
    "",
    "Load average (1, 5, 15 min) on the 2 cores, sampled during the run (other helpers' benchmarks shared the machine):",
    "",
  );
  for (const l of load) lines.push(`- ${l.at.slice(11, 19)} ${l.label}: ${l.loadavg.join(", ")}`);
  return lines.join("\n");
}

function write() {
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, "ten-million.json"), `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(path.join(out, "ten-million.md"), `${markdown()}\n`);
}

const steps = [
  ["import-base", `import ${base}`, results.import, base, importRun],
  ["import-big", `import ${big}`, results.import, big, importRun],
  ["reset-base", `bulk reset ${base}`, results.remediation, base, remediationRun],
  ["reset-big", `bulk reset ${big}`, results.remediation, big, remediationRun],
];
// BENCH_STEPS=reset-base,reset-big (with BENCH_RESUME=1): only these steps, run again even when measured
// (a change to one step's code, measured beside its baseline in one run); the other figures stay.
const only = process.env.BENCH_STEPS?.split(",").map((s) => s.trim());
const unknown = only?.filter((name) => !steps.some(([key]) => key === name)) ?? [];
if (unknown.length)
  throw new Error(`BENCH_STEPS: no step ${unknown.join(", ")} (steps: ${steps.map(([key]) => key).join(", ")})`);
// One sample every five minutes between the steps' own.
const sampler = setInterval(() => sampleLoad("during"), 300_000);
try {
  for (const [key, label, into, rows, run] of steps) {
    if (only ? !only.includes(key) : into[rows]) continue;
    sampleLoad(`before ${label}`);
    console.error(`${new Date().toISOString()} ${label} …`);
    into[rows] = await run(rows);
    write();
  }
  sampleLoad("after");
  results.finishedAt = new Date().toISOString();
  write();
  console.log(markdown());
} finally {
  clearInterval(sampler);
  fs.rmSync(scratch, { recursive: true, force: true });
}

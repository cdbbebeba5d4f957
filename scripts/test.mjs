// `npm test`: lint, typecheck, unit, integration (PGlite, and PostgreSQL when
// TEST_DATABASE_URL is set) and end-to-end tests, in that order. Every stage
// runs even when an earlier one fails, so one run shows everything; the exit
// code is non-zero if any failed. The last line is the overall count.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const results = path.join(root, "test-results");
fs.mkdirSync(results, { recursive: true });
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
const bin = (name) => path.join(root, "node_modules", ".bin", name);

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

// What a stage's JSON report says: its counts, and the names of its failing
// tests, printed again under the summary (a CI log is often read from its end,
// and a failure's name is what one needs first).
function vitestResults(report) {
  const failures = [];
  for (const result of report.testResults) {
    const where = path.relative(root, result.name);
    const failing = result.assertionResults.filter((test) => test.status === "failed");
    for (const test of failing) failures.push(`${where} › ${test.fullName}`);
    // A file that failed to load, or whose hooks failed, has no failing test of its own.
    if (result.status === "failed" && failing.length === 0) failures.push(`${where}: ${(result.message || "failed").split("\n")[0]}`);
  }
  const counts = {
    passed: report.numPassedTests,
    failed: report.numFailedTests,
    skipped: report.numPendingTests + (report.numTodoTests ?? 0),
  };
  return { counts, failures };
}

function playwrightResults(report) {
  if (!report.stats) return { counts: null, failures: [] };
  const failures = [];
  // Top-level suites are files, whose title is the path the spec line already names.
  const walk = (suite, titles, top) => {
    const here = top ? [] : [...titles, suite.title];
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status === "unexpected") failures.push(`[${test.projectName}] ${spec.file}:${spec.line} › ${[...here, spec.title].join(" › ")}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child, here, false);
  };
  for (const suite of report.suites ?? []) walk(suite, [], true);
  const { expected, unexpected, flaky, skipped } = report.stats;
  return { counts: { passed: expected + flaky, failed: unexpected, skipped }, failures };
}

const stages = [
  { name: "lint", command: bin("eslint"), args: [".", "--max-warnings=0"] },
  // Unused files, exports and dependencies (knip.jsonc); named "lint…" so `npm test -- lint` runs both.
  { name: "lint (unused code: knip)", command: bin("knip"), args: ["--no-progress"] },
  { name: "typecheck", command: bin("tsc"), args: ["--noEmit", "-p", "."] },
  {
    name: "unit",
    command: bin("vitest"),
    args: [
      "run",
      "--project",
      "unit",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${results}/unit.json`,
    ],
    report: "unit.json",
    results: vitestResults,
  },
  {
    name: `integration (${env.TEST_DATABASE_URL ? "PGlite + PostgreSQL" : "PGlite; set TEST_DATABASE_URL to add PostgreSQL"})`,
    command: bin("vitest"),
    args: [
      "run",
      "--project",
      "integration",
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${results}/integration.json`,
    ],
    report: "integration.json",
    results: vitestResults,
  },
  {
    name: "e2e (Chromium)",
    command: bin("playwright"),
    args: ["test"],
    // The app's build (next.config.js) skips its type check when this run's passed.
    env: () => ({ ...env, ...(typechecked() ? { BREACHDESK_BUILD_TYPECHECKED: "1" } : {}) }),
    report: "e2e.json",
    results: playwrightResults,
  },
];

const only = process.argv[2];
const summary = [];
const typechecked = () => summary.some((s) => s.name === "typecheck" && s.ok);
for (const stage of stages) {
  if (only && !stage.name.startsWith(only)) continue;
  console.log(`\n━━━ ${stage.name} ━━━`);
  const started = Date.now();
  const result = spawnSync(stage.command, stage.args, { cwd: root, stdio: "inherit", env: stage.env?.() ?? env });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const report = stage.report ? readJson(path.join(results, stage.report)) : null;
  const { counts, failures } = report ? stage.results(report) : { counts: null, failures: [] };
  summary.push({ name: stage.name, ok: result.status === 0, seconds, counts, failures });
}

console.log("\n━━━ summary ━━━");
let passed = 0;
let failed = 0;
let skipped = 0;
for (const s of summary) {
  const detail = s.counts
    ? `${s.counts.passed} passed, ${s.counts.failed} failed${s.counts.skipped ? `, ${s.counts.skipped} skipped` : ""}`
    : s.ok
      ? "clean"
      : "errors";
  console.log(`${s.ok ? "✔" : "✖"} ${s.name.padEnd(58)} ${detail.padEnd(32)} ${s.seconds}s`);
  if (s.counts) {
    passed += s.counts.passed;
    failed += s.counts.failed;
    skipped += s.counts.skipped;
    // A stage that failed without a failing test (crash, bad config) still counts.
    if (!s.ok && s.counts.failed === 0) failed += 1;
  } else if (s.ok) passed += 1;
  else failed += 1;
  for (const name of s.failures) console.log(`    ✖ ${name}`);
}
console.log(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed === 0 ? 0 : 1);

// A new user's first run on the embedded database: `npm run bench:first-run`.
// Needs a build (`npm run build`; BENCH_BUILD=1 runs it first).
//   BENCH_ROWS   customer accounts in the directory, and rows in the leaked list (default 1,000,000)
// What a new user does, on a fresh data directory (a temporary BREACHDESK_DATA_DIR):
//   start-up     `npm start`'s steps: migrate, the demo seed, then the built app
//                (scripts/start.mjs), until it answers; before serving, the
//                shell commands the API has no route for: `breachdesk incident
//                create` and `breachdesk token create` (PGlite belongs to one
//                process, so they run before the app opens it)
//   directory    the customer directory uploaded through the REST API with the
//                token, the import's status route polled until it finishes
//   recipients   the leaked list the same way (import, match and ranking)
//   request      the preview and the request of a password reset of every exposed account
//   approval     a second person (the demo analyst, with the seeded
//                authenticator key) signs in, gives the code, and approves
//                through the REST API with that session: a token never approves
//   bulk         from the approval to the bulk action's completion (polled),
//                done by the app's in-process worker
// The CSV files are generated first, streamed to a temporary folder, untimed.
// Results: bench/results/first-run.json and .md.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { finished } from "node:stream/promises";
import { Secret, TOTP } from "otpauth";
import { freePort, signIn, waitForHealth, type CookieJar } from "./app-server";

const root = path.resolve(import.meta.dirname, "..");
const rows = Number(process.env.BENCH_ROWS ?? 1_000_000);
const distDir = path.join(root, process.env.NEXT_DIST_DIR || ".next");
const SLUG = "first-run";
const REQUESTER = "admin@breachdesk.test";
const APPROVER = {
  email: "analyst@breachdesk.test",
  password: "Demo-Analyst-2019",
  totpSecret: "DEMOANALYSTTOTPSECRETBREACHDESK2",
};
const GOALS = { totalSeconds: 300, bulkAccountsPerSecond: 10_000 };

type Phase = "startUp" | "directory" | "recipients" | "request" | "approval" | "bulk";
const phasesMs: Partial<Record<Phase, number>> = {};
const startUpMs: Record<string, number> = {};
const requestMs: Record<string, number> = {};

async function timed<T>(phase: Phase, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  console.error(`▸ ${phase} …`);
  const result = await fn();
  phasesMs[phase] = Math.round(performance.now() - started);
  console.error(`  ${phase}: ${phasesMs[phase]!.toLocaleString("en-GB")} ms`);
  return result;
}

/** Writes a file a chunk at a time, waiting when the stream is full. */
async function writeStreaming(file: string, header: string, line: (i: number) => string): Promise<void> {
  const out = fs.createWriteStream(file);
  out.write(header);
  let chunk = "";
  for (let i = 0; i < rows; i++) {
    chunk += line(i);
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
      chunk = "";
    }
  }
  out.end(chunk);
  await finished(out);
}

/** The directory and the leaked list of bench/run.mjs (same shapes: 90% of leaked addresses have an account). */
async function generate(dir: string) {
  const email = (i: number) => (i % 10 === 0 ? `customer.${i}@gmail.com` : `customer${i}@example${i % 50}.com`);
  const countries = ["GB", "DE", "US", "FR", "NL", "ES", "IT", "PL", "KR", "JP", "BR", "CA"];
  let seed = 2019;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const files = { accounts: path.join(dir, "accounts.csv"), recipients: path.join(dir, "recipients.csv") };
  await writeStreaming(
    files.accounts,
    "account_id,email,2fa,balance,country,created,last_login\n",
    (i) =>
      `EX${i},${email(i)},${random() < 0.33 ? "yes" : "no"},${(random() ** 3 * 50000).toFixed(2)},${countries[i % countries.length]},2018-01-01,2019-11-01T10:00:00Z\n`,
  );
  await writeStreaming(
    files.recipients,
    "email,batch\n",
    (i) => `${random() < 0.9 ? email(i) : `gone${i}@example${i % 50}.net`},batch-${Math.floor(i / 1000)}\n`,
  );
  return files;
}

/** `npx breachdesk …`; returns the JSON it prints last. */
function cli(args: string[], env: NodeJS.ProcessEnv): Record<string, unknown> {
  const result = spawnSync(process.execPath, [path.join(root, "bin", "breachdesk.mjs"), ...args], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`breachdesk ${args.join(" ")} failed (exit ${result.status})`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1) ?? "{}") as Record<string, unknown>;
}

function ensureBuild(): void {
  if (process.env.NODE_ENV === "production") {
    // `npm start` seeds the demo staff (the approver) only outside production.
    console.error("Run it without NODE_ENV=production, as a new user's shell would.");
    process.exit(2);
  }
  if (fs.existsSync(path.join(distDir, "BUILD_ID"))) return;
  if (process.env.BENCH_BUILD !== "1") {
    console.error(`No build in ${distDir}: run \`npm run build\` first, or set BENCH_BUILD=1.`);
    process.exit(2);
  }
  const build = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (build.status !== 0) throw new Error("next build failed");
}

/** The token's client: JSON in and out, errors thrown with the answer's body. */
function apiClient(base: string, headers: () => Record<string, string>) {
  return async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${base}/api/v1${route}`, {
      method,
      headers: { ...headers(), ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  };
}

type Call = ReturnType<typeof apiClient>;
type ImportJob = { status: string; rows: number; imported: number; matched: number | null; error: string | null };

async function poll<T>(read: () => Promise<T | null>, intervalMs = 500): Promise<T> {
  for (;;) {
    const value = await read();
    if (value !== null) return value;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Uploads a file as the Imports page does, then polls the import's status until it is finished. */
async function upload(base: string, token: string, call: Call, kind: string, file: string) {
  const importId = randomUUID();
  const query = new URLSearchParams({ kind, fileName: path.basename(file), importId });
  const sent = fetch(`${base}/api/v1/incidents/${SLUG}/imports?${query}`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "text/csv" },
    body: Readable.toWeb(fs.createReadStream(file, { highWaterMark: 1 << 20 })) as ReadableStream,
    duplex: "half",
  } as RequestInit).then(async (response) => {
    if (!response.ok) throw new Error(`upload ${kind}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<{ phases?: Record<string, number> }>;
  });
  let failed: unknown = null;
  sent.catch((error: unknown) => (failed = error));
  const job = await poll(async () => {
    if (failed) throw failed;
    try {
      const current = await call<ImportJob>("GET", `/imports/${importId}`);
      return current.status === "running" ? null : current;
    } catch (error) {
      if (String(error).includes(": 404 ")) return null; // not started yet
      throw error;
    }
  });
  if (job.status !== "completed") throw new Error(`${kind} import ${job.status}: ${job.error}`);
  const summary = await sent;
  return { rows: job.rows, imported: job.imported, matched: job.matched, phasesMs: summary.phases ?? {} };
}

/** The id Next gave a server action in this build (from its manifest). */
function serverActionId(exportName: string, file: string): string {
  const manifest = JSON.parse(
    fs.readFileSync(path.join(distDir, "server", "server-reference-manifest.json"), "utf8"),
  ) as { node: Record<string, { exportedName?: string; filename?: string }> };
  const found = Object.entries(manifest.node).find(
    ([, entry]) => entry.exportedName === exportName && (entry.filename ?? "").includes(file),
  );
  if (!found) throw new Error(`no server action ${exportName} in ${file} in the build`);
  return found[0];
}

/** A TOTP code for the key (RFC 6238, as the authenticator app computes it), `stepsAhead` steps from now. */
function totpCode(secret: string, stepsAhead: number): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" });
  return totp.generate({ timestamp: Date.now() + stepsAhead * 30_000 });
}

/**
 * The second step of the approver's sign-in: the code posted to the
 * second-factor form's server action, as the browser's form does. Then the
 * session is signed in (GET /api/auth/session names the person).
 */
async function giveSecondFactor(base: string, jar: CookieJar): Promise<void> {
  const id = serverActionId("verifySecondFactorAction", "login/second-factor/actions");
  let answer = "";
  for (const stepsAhead of [0, 1]) {
    // React's encoding of the action's arguments (previous state, the form's
    // data), as the browser sends them: the form's fields under the prefix of
    // part 1, then the root (part 0) last, since the server reads it as it streams in.
    const form = new FormData();
    form.set("_1_code", totpCode(APPROVER.totpSecret, stepsAhead));
    form.set("0", JSON.stringify(["$undefined", "$K1"]));
    const response = await fetch(`${base}/login/second-factor`, {
      method: "POST",
      headers: { Cookie: jar.header(), Origin: base, "Next-Action": id, Accept: "text/x-component" },
      body: form,
    });
    jar.keep(response);
    answer = `${response.status} ${await response.text()}`;
    if (response.ok && answer.includes('"ok":true')) return;
  }
  throw new Error(`the approver's code was refused: ${answer.slice(0, 500)}`);
}

const load = () => os.loadavg().map((l) => Math.round(l * 100) / 100);

/** The largest peak resident memory (VmHWM) among a process and its descendants, in MB: the app's web process holds PGlite. */
function peakMemoryMb(pid: number): number {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const ppid = Number(fs.readFileSync(`/proc/${entry}/stat`, "utf8").split(") ")[1]!.split(" ")[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  let peakKb = 0;
  for (const queue = [pid]; queue.length; ) {
    const next = queue.pop()!;
    queue.push(...(children.get(next) ?? []));
    const hwm = /VmHWM:\s+(\d+)/.exec(fs.readFileSync(`/proc/${next}/status`, "utf8"));
    peakKb = Math.max(peakKb, Number(hwm?.[1] ?? 0));
  }
  return Math.round(peakKb / 1024);
}

async function main() {
  ensureBuild();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "breachdesk-first-run-"));
  const dataDir = path.join(work, "data");
  let server: ChildProcess | undefined;
  try {
    console.error(`Generating ${rows.toLocaleString("en-GB")} accounts and leaked recipients in ${work} …`);
    const files = await generate(work);
    const loadAtStart = load();
    const port = await freePort();
    const base = `http://localhost:${port}`;
    // The embedded database, in the environment a shell gives `npm start`.
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      BREACHDESK_DATA_DIR: dataDir,
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
    };
    delete env.DATABASE_URL;
    const runStarted = performance.now();
    const token = await timed("startUp", async () => {
      let step = performance.now();
      const lap = () => Math.round(-step + (step = performance.now()));
      cli(["db", "migrate"], env);
      cli(["db", "seed"], env);
      startUpMs.migrateAndSeed = lap();
      cli(["incident", "create", "--slug", SLUG, "--title", "First run", "--t0", new Date().toISOString()], env);
      const created = cli(["token", "create", "--name", "First run", "--role", "admin", "--as", REQUESTER], env);
      startUpMs.incidentAndToken = lap();
      // `npm start` itself (its migrate and seed find nothing left to do).
      const app = spawn(process.execPath, [path.join(root, "scripts", "start.mjs")], {
        cwd: root,
        env,
        stdio: ["ignore", "ignore", "inherit"],
      });
      server = app;
      await waitForHealth(base, app);
      startUpMs.appUntilItAnswers = lap();
      return String(created.token);
    });
    const call = apiClient(base, () => ({ Authorization: `Bearer ${token}` }));
    const directory = await timed("directory", () => upload(base, token, call, "accounts", files.accounts));
    const recipients = await timed("recipients", () => upload(base, token, call, "recipients", files.recipients));
    const requested = await timed("request", async () => {
      const selection = { kind: "reset", filter: "" };
      const started = performance.now();
      const { preview } = await call<{ preview: { eligible: number; digest: string } }>(
        "POST",
        `/incidents/${SLUG}/bulk-actions/preview`,
        selection,
      );
      requestMs.preview = Math.round(performance.now() - started);
      const { bulkAction } = await call<{ bulkAction: { id: string; total: number; status: string } }>(
        "POST",
        `/incidents/${SLUG}/bulk-actions`,
        {
          ...selection,
          reason: "Every exposed account after the leak",
          confirmCritical: true,
          expectedCount: preview.eligible,
          expectedDigest: preview.digest,
        },
      );
      requestMs.request = Math.round(performance.now() - started) - requestMs.preview;
      return bulkAction;
    });
    if (requested.status !== "pending_approval")
      throw new Error(`the request is ${requested.status}, not awaiting approval`);
    await timed("approval", async () => {
      const jar = await signIn(base, APPROVER);
      await giveSecondFactor(base, jar);
      const approver = apiClient(base, () => ({ Cookie: jar.header(), Origin: base }));
      await approver("POST", `/bulk-actions/${requested.id}/approve`, { note: "Approved for the first run" });
    });
    const done = await timed("bulk", () =>
      poll(async () => {
        const { bulkAction } = await call<{
          bulkAction: {
            status: string;
            succeeded: number;
            skipped: number;
            failed: number;
            skippedAtRequest: Record<string, number>;
            startedAt: string;
            finishedAt: string;
          };
        }>("GET", `/bulk-actions/${requested.id}`);
        return bulkAction.status === "completed" ? bulkAction : null;
        // As often as the bulk action's progress view asks (components/work/work-progress.tsx):
        // each poll takes a turn of the worker on PGlite's one connection, as a watching user's does.
      }, 1_000),
    );
    const totalMs = Math.round(performance.now() - runStarted);
    const appPeakMemoryMb = peakMemoryMb(server!.pid!);
    const results = {
      measuredAt: new Date().toISOString(),
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? "unknown" },
      loadAverage: { atStart: loadAtStart, atEnd: load() },
      rows,
      database: "PGlite (fresh BREACHDESK_DATA_DIR)",
      phasesMs,
      startUpMs,
      requestMs,
      totalMs,
      appPeakMemoryMb,
      directory,
      recipients,
      bulk: {
        accounts: requested.total,
        succeeded: done.succeeded,
        skipped: done.skipped,
        failed: done.failed,
        skippedAtRequest: done.skippedAtRequest,
        accountsPerSecond: Math.round(requested.total / (phasesMs.bulk! / 1000)),
        // The app's own record, without the poll's granularity.
        startedToFinishedMs: Date.parse(done.finishedAt) - Date.parse(done.startedAt),
      },
      goals: GOALS,
    };
    writeResults(results);
    console.log(JSON.stringify(results));
  } finally {
    if (server) {
      const exited = new Promise((r) => server!.once("exit", r));
      server.kill("SIGTERM");
      await exited;
    }
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function writeResults(r: {
  measuredAt: string;
  machine: { cpus: number; model: string };
  loadAverage: { atStart: number[]; atEnd: number[] };
  rows: number;
  phasesMs: Partial<Record<Phase, number>>;
  startUpMs: Record<string, number>;
  requestMs: Record<string, number>;
  totalMs: number;
  appPeakMemoryMb: number;
  bulk: { accounts: number; accountsPerSecond: number; startedToFinishedMs: number };
}) {
  const out = path.join(root, "bench", "results");
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, "first-run.json"), `${JSON.stringify(r, null, 2)}\n`);
  const n = (v: number | undefined) => (v === undefined ? "–" : v.toLocaleString("en-US"));
  const s = (ms: number | undefined) => (ms === undefined ? "–" : (ms / 1000).toFixed(1));
  const lines = [
    "# First run on PGlite",
    "",
    `Measured ${r.measuredAt} on ${r.machine.cpus} cores (${r.machine.model}), load average ${r.loadAverage.atStart.join(" / ")} at the start and ${r.loadAverage.atEnd.join(" / ")} at the end. ${n(r.rows)} customer accounts and ${n(r.rows)} leaked recipients, uploaded through the REST API to a fresh embedded database.`,
    "",
    "| Phase | s |",
    "| --- | --- |",
    `| Start-up: migrate and demo seed / incident and token (CLI) / the built app until it answers | ${s(r.phasesMs.startUp)} (${s(r.startUpMs.migrateAndSeed)} / ${s(r.startUpMs.incidentAndToken)} / ${s(r.startUpMs.appUntilItAnswers)}) |`,
    `| Customer directory: upload and import | ${s(r.phasesMs.directory)} |`,
    `| Leaked list: upload, import, match and ranking | ${s(r.phasesMs.recipients)} |`,
    `| Bulk password reset of every exposed account: preview / request (the accounts frozen into work items) | ${s(r.phasesMs.request)} (${s(r.requestMs.preview)} / ${s(r.requestMs.request)}) |`,
    `| Approval by a second person (sign-in, second factor, approve) | ${s(r.phasesMs.approval)} |`,
    `| Bulk reset: approval to the last account done (${n(r.bulk.accounts)} accounts) | ${s(r.phasesMs.bulk)} |`,
    `| **Whole run** (goal < ${GOALS.totalSeconds} s) | **${s(r.totalMs)}** |`,
    "",
    `Bulk reset on PGlite: **${n(r.bulk.accountsPerSecond)} accounts/s** (goal ≥ ${n(GOALS.bulkAccountsPerSecond)}); the bulk action's own start-to-finish time is ${s(r.bulk.startedToFinishedMs)} s. Peak memory of the app's web process (PGlite runs in it): ${n(r.appPeakMemoryMb)} MB.`,
  ];
  fs.writeFileSync(path.join(out, "first-run.md"), `${lines.join("\n")}\n`);
}

await main();

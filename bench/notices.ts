// The customer-notice benchmark, run by `npm run bench` last, or
// alone: `npm run bench:notices`.
//   BENCH_NOTICES            customers in the unlimited run (default 10,000)
//   BENCH_NOTICES_RATE       the rate limit of the limited run, messages/s (default 200)
//   BENCH_NOTICES_LIMITED    customers in the limited run (default 3,000: 15 s at 200/s)
//   BENCH_DATABASE_URL       the PostgreSQL server (default the local one; a scratch database is made)
//   BENCH_TARGETS            "postgres,pglite" (default)
// For each database: a fresh incident with N exposed accounts, a saved
// notice, a campaign for all of them (frozen at request, started at once),
// then the sender in this process sends every message through nodemailer's
// SMTP pool to a real SMTP server in a process of its own (smtp-server,
// scripts/e2e-smtp-sink.ts), each message built, rendered (Handlebars, both
// parts), marked "sending", handed over and recorded with its status and
// audit entry: timed from the first claim to the last record. The server's
// count is checked (N messages, one recipient each, N distinct). Then the
// same with a rate limit. Results: bench/results/notices.json and .md.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { DEFAULT_NOTICE_TEMPLATE } from "../lib/notify/render-notice";
import { bootDb } from "../server/boot";
import { closeDb, type Db } from "../server/db";
import { resetEnvCache } from "../server/env";
import { requestNoticeCampaign } from "../server/notify/request-notice-campaign";
import { saveNoticeTemplate } from "../server/notify/save-notice-template";
import { drainNotices } from "../server/workers/work";
import { createRemediationFixture } from "../server/remediation/test-fixtures";
import { e2ePort } from "../scripts/free-port";

const root = path.resolve(import.meta.dirname, "..");
const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const targets = (process.env.BENCH_TARGETS ?? "postgres,pglite").split(",");
const unlimitedRows = Number(process.env.BENCH_NOTICES ?? 10_000);
const rate = Number(process.env.BENCH_NOTICES_RATE ?? 200);
const limitedRows = Number(process.env.BENCH_NOTICES_LIMITED ?? 3_000);

type Sink = { child: ChildProcess; httpPort: number; smtpPort: number };

async function startSink(): Promise<Sink> {
  const smtpPort = e2ePort(undefined);
  const httpPort = e2ePort(undefined);
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts", "e2e-smtp-sink.ts")], {
    cwd: root,
    env: { ...process.env, E2E_SMTP_PORT: String(smtpPort), E2E_SMTP_HTTP_PORT: String(httpPort), E2E_SMTP_KEEP_RAW: "0" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  for (;;) {
    const up = await fetch(`http://127.0.0.1:${httpPort}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { child, httpPort, smtpPort };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

type SinkCount = { messages: number; recipients: number; distinct: number; firstAt: number | null; lastAt: number | null };

async function sinkCount(sink: Sink, from = 0, skip = 0): Promise<SinkCount> {
  return (await fetch(`http://127.0.0.1:${sink.httpPort}/count?from=${from}&skip=${skip}`)).json() as Promise<SinkCount>;
}

function configure(sink: Sink, ratePerSecond: number): void {
  Object.assign(process.env, {
    BREACHDESK_SMTP_HOST: "127.0.0.1",
    BREACHDESK_SMTP_PORT: String(sink.smtpPort),
    BREACHDESK_SMTP_TLS: "none",
    BREACHDESK_SMTP_RATE_PER_SECOND: String(ratePerSecond),
    BREACHDESK_SMTP_POOL_SIZE: process.env.BREACHDESK_SMTP_POOL_SIZE ?? "5",
    BREACHDESK_NOTICE_FROM: "security@exchange.example",
    BREACHDESK_NOTICE_REPLY_TO: "help@exchange.example",
    BREACHDESK_APPROVAL_THRESHOLD: "100000000",
    BREACHDESK_WORK_POLL_MS: "20",
  });
  resetEnvCache();
}

async function runOnce(db: Db, sink: Sink, rows: number, ratePerSecond: number) {
  configure(sink, ratePerSecond);
  const before = await sinkCount(sink);
  const f = await createRemediationFixture(db, rows);
  const template = await saveNoticeTemplate(db, f.incident.id, DEFAULT_NOTICE_TEMPLATE, f.requester);
  let started = performance.now();
  const requested = await requestNoticeCampaign(db, f.incident, { templateId: template.id, audience: "" }, f.requester);
  const requestMs = performance.now() - started;
  started = performance.now();
  const sent = await drainNotices(db);
  const ms = performance.now() - started;
  // The first message of each pooled connection waits for its set-up: the relay's rate is read after them.
  const warmUp = Number(process.env.BREACHDESK_SMTP_POOL_SIZE);
  const after = await sinkCount(sink, before.messages, warmUp);
  const [status] = await db.sql.query<{ sent: number; status: string }>(
    `SELECT sent, status::text FROM notice_campaigns WHERE id = $1::uuid`,
    [requested.id],
  );
  if (sent !== rows || after.messages !== rows || after.recipients !== rows || after.distinct !== rows || Number(status?.sent) !== rows || status?.status !== "completed") {
    throw new Error(`Expected ${rows} messages sent and received once each; got sent ${sent}, ${JSON.stringify(after)}, ${JSON.stringify(status)}`);
  }
  // The rate the relay saw, once every connection was open: from that message to the last accepted.
  const relayRate = (rows - warmUp - 1) / ((after.lastAt! - after.firstAt!) / 1000);
  return { rows, ms: Math.round(ms), rate: Math.round(rows / (ms / 1000)), relayRate, requestMs: Math.round(requestMs) };
}

async function benchTarget(kind: string, sink: Sink) {
  let db: Db;
  let cleanup: () => Promise<void>;
  if (kind === "postgres") {
    const name = `breachdesk_bench_notices_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    db = await bootDb({ kind: "postgres", url: url.toString() });
    cleanup = async () => {
      await closeDb(db);
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      // pg's Pool.end() resolves before its sockets close: a forced drop would kill them mid-goodbye.
      for (let i = 0; i < 100; i++) {
        const { rows } = await dropper.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1`, [name]);
        if (Number(rows[0]?.n ?? 0) === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "breachdesk-bench-notices-"));
    db = await bootDb({ kind: "pglite", dataDir: dir, owner: "bench notices" });
    cleanup = async () => {
      await closeDb(db);
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  try {
    process.stderr.write(`notices on ${kind}: ${unlimitedRows} customers, no rate limit…\n`);
    const unlimited = await runOnce(db, sink, unlimitedRows, 0);
    process.stderr.write(`notices on ${kind}: ${limitedRows} customers at ${rate}/s…\n`);
    const limited = await runOnce(db, sink, limitedRows, rate);
    return { unlimited, limited: { ...limited, limit: rate, deviation: Math.abs(limited.relayRate - rate) / rate } };
  } finally {
    await cleanup();
  }
}

const loadBefore = os.loadavg()[0]!;
const sink = await startSink();
const results: Record<string, Awaited<ReturnType<typeof benchTarget>>> = {};
try {
  for (const kind of targets) results[kind] = await benchTarget(kind, sink);
} finally {
  sink.child.kill("SIGTERM");
}

const at = new Date().toISOString();
const machine = `${os.cpus().length} cores (${os.cpus()[0]?.model.trim() ?? "unknown"}), Node ${process.version}, load average ${loadBefore.toFixed(1)} before and ${os.loadavg()[0]!.toFixed(1)} after`;
fs.mkdirSync(path.join(root, "bench", "results"), { recursive: true });
fs.writeFileSync(path.join(root, "bench", "results", "notices.json"), `${JSON.stringify({ at, machine, rate, results }, null, 2)}\n`);
const cols = targets;
const row = (label: string, f: (r: (typeof results)[string]) => string) => `| ${label} | ${cols.map((k) => f(results[k]!)).join(" | ")} |`;
const md = [
  `Measured ${at} on ${machine}; a shared machine (other engineers' builds and tests ran at the same time), so treat the figures as a floor.`,
  "",
  `| | ${cols.join(" | ")} |`,
  `| --- | ${cols.map(() => "---").join(" | ")} |`,
  row("Customers, no rate limit", (r) => r.unlimited.rows.toLocaleString("en-GB")),
  row("Rendered, sent over SMTP and recorded, messages/s (target ≥ 500)", (r) => `**${r.unlimited.rate.toLocaleString("en-GB")}**`),
  row("… elapsed, ms", (r) => r.unlimited.ms.toLocaleString("en-GB")),
  row("Request (audience frozen into messages), ms", (r) => r.unlimited.requestMs.toLocaleString("en-GB")),
  row(`With a limit of ${rate}/s: customers`, (r) => r.limited.rows.toLocaleString("en-GB")),
  row(`… as the relay saw it (after each connection's first message), messages/s (target within 5% of ${rate})`, (r) => `**${r.limited.relayRate.toFixed(1)}** (${(r.limited.deviation * 100).toFixed(1)}% off)`),
  row("… end to end (request to last status recorded), messages/s", (r) => (r.limited.rows / (r.limited.ms / 1000)).toFixed(1)),
  "",
].join("\n");
fs.writeFileSync(path.join(root, "bench", "results", "notices.md"), md);
process.stdout.write(`${md}\n`);

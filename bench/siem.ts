// The audit forwarding benchmark, run by `npm run bench` last, or alone:
// `npm run bench:siem`.
//   BENCH_SIEM_ROWS       accounts in the bulk reset (default 100,000)
//   BENCH_DATABASE_URL    the PostgreSQL server (default the local one; a scratch database is made)
// On PostgreSQL: a fresh incident with N exposed accounts and a bulk reset of
// all of them (one audit entry per account); Debian's rsyslog on loopback
// (TCP, octet-counted framing, raw messages to a file) as the SIEM, added as
// a syslog_tcp destination; one worker process (`breachdesk worker`, as in
// production: the bulk loops and the audit forwarder side by side). From the
// approval: the audit write rate (entries the bulk action appended, per
// second, until it completed) beside the forwarding rate (entries the
// receiver acknowledged, per second, until the cursor reached the chain's
// head), the lag when the bulk action finished, and the catch-up after it.
// rsyslog's file is then checked (every entry, in order) and compared with
// the database (`audit verify --against`'s comparison). Results:
// bench/results/siem.json and .md.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { parseForwardedLine } from "../lib/siem/parse-forwarded";
import { bootDb } from "../server/boot";
import { closeDb, type Db } from "../server/db";
import { approveBulkAction } from "../server/remediation/control-bulk-action";
import { requestBulkAction } from "../server/remediation/request-bulk-action";
import { createRemediationFixture } from "../server/remediation/test-fixtures";
import { addForwardDestination } from "../server/siem/manage-destinations";
import { compareWithSiem, readChainCopies } from "../server/siem/verify-against";
import { startRsyslog } from "../test/rsyslog";
import { selfSignedCert } from "../test/self-signed-cert";
import { cliNodeArgs } from "../scripts/cli-bundle.mjs";

const root = path.resolve(import.meta.dirname, "..");
const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const rows = Number(process.env.BENCH_SIEM_ROWS ?? 100_000);
// The CLI as bin/breachdesk.mjs runs it.
const CLI = await cliNodeArgs();

type Worker = { child: ChildProcess; done: Promise<number | null> };

function startWorker(env: Record<string, string>): Promise<Worker> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI, "worker"], { cwd: root, env: { ...process.env, ...env } });
    let stderr = "";
    child.stdout!.on("data", () => undefined);
    const done = new Promise<number | null>((ok) => child.on("close", (code) => ok(code)));
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (/audit forwarder \S+ started/.test(stderr) && /worker \S+ started/.test(stderr)) resolve({ child, done });
    });
    child.on("error", reject);
  });
}

async function snapshot(db: Db, bulkId: string) {
  const [row] = await db.sql.query<{ status: string; head: number; cursor: number }>(
    `SELECT (SELECT status::text FROM bulk_actions WHERE id = $1::uuid) AS status,
            (SELECT last_id FROM audit_chain_head WHERE id = 1) AS head,
            (SELECT cursor_id FROM audit_forward_destinations LIMIT 1) AS cursor`,
    [bulkId],
  );
  return { status: row!.status, head: Number(row!.head), cursor: Number(row!.cursor) };
}

async function run() {
  const name = `breachdesk_bench_siem_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "breachdesk-bench-siem-"));
  const rsyslog = await startRsyslog(dir, selfSignedCert(dir));
  const db = await bootDb({ kind: "postgres", url: url.toString() });
  try {
    const f = await createRemediationFixture(db, rows);
    const selection = { kind: "filter" as const, query: "" };
    const requested = await requestBulkAction(
      db,
      f.incident,
      { kind: "password_reset", reason: "Benchmark", selection },
      f.requester,
    );
    const staff = await db.prisma.staffUser.create({
      data: { email: "bench-admin@breachdesk.test", name: "Bench Admin", role: "admin", passwordHash: "x" },
    });
    await addForwardDestination(
      db,
      { name: "rsyslog", kind: "syslog_tcp", host: "127.0.0.1", port: rsyslog.tcpPort },
      staff,
    );
    const worker = await startWorker({ DATABASE_URL: url.toString(), BREACHDESK_WORK_POLL_MS: "20" });
    // Whatever the set-up wrote is forwarded before the clock starts.
    for (let s = await snapshot(db, requested.id); s.cursor < s.head; s = await snapshot(db, requested.id)) {
      await new Promise((r) => setTimeout(r, 20));
    }
    const start = await snapshot(db, requested.id);
    const t0 = performance.now();
    await approveBulkAction(db, requested.id, f.approver);
    let bulkDone: { ms: number; head: number; cursor: number } | null = null;
    let end: { ms: number; head: number; cursor: number };
    for (;;) {
      const s = await snapshot(db, requested.id);
      const ms = performance.now() - t0;
      if (!bulkDone && s.status === "completed") bulkDone = { ms, head: s.head, cursor: s.cursor };
      if (bulkDone && s.cursor >= s.head) {
        end = { ms, head: s.head, cursor: s.cursor };
        break;
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    worker.child.kill("SIGTERM");
    await worker.done;
    const written = bulkDone.head - start.head;
    const forwarded = end.cursor - start.cursor;
    // rsyslog acknowledged every batch (it closed each connection after reading it); its file may lag behind its queue.
    const lineCount = await rsyslog.waitForLineCount(rsyslog.tcpFile, end.head, 15 * 60_000);
    let expected = 1;
    const lines = createInterface({
      input: fs.createReadStream(rsyslog.tcpFile, { encoding: "utf8" }),
      crlfDelay: Infinity,
    });
    for await (const line of lines) {
      if (parseForwardedLine(line)?.id !== expected)
        throw new Error(`rsyslog's file has line ${expected} out of order`);
      expected += 1;
    }
    const c0 = performance.now();
    const comparison = await compareWithSiem(db.sql, await readChainCopies(rsyslog.tcpFile));
    const compareMs = performance.now() - c0;
    if (!comparison.ok) throw new Error(`the SIEM's copy differs: ${JSON.stringify(comparison.firstDifference)}`);
    return {
      rows,
      audit_written: written,
      audit_write_rate: Math.round(written / (bulkDone.ms / 1000)),
      bulk_ms: Math.round(bulkDone.ms),
      forwarded,
      forward_rate: Math.round(forwarded / (end.ms / 1000)),
      forward_ms: Math.round(end.ms),
      lag_at_bulk_end: bulkDone.head - bulkDone.cursor,
      catch_up_ms: Math.round(end.ms - bulkDone.ms),
      rsyslog_lines: lineCount,
      verify_against_rate: Math.round(comparison.compared / (compareMs / 1000)),
    };
  } finally {
    await closeDb(db);
    await rsyslog.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

const r = await run();
const fmt = (n: number) => n.toLocaleString("en-GB");
const md = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), PostgreSQL, one worker process, rsyslog over TCP.`,
  "",
  "| | value |",
  "| --- | --- |",
  `| Accounts in the bulk reset | ${fmt(r.rows)} |`,
  `| Audit entries the bulk action wrote | ${fmt(r.audit_written)} |`,
  `| Audit write rate, approval to completion, entries/s | ${fmt(r.audit_write_rate)} |`,
  `| Forwarding rate, approval to the cursor at the head, entries/s | ${fmt(r.forward_rate)} |`,
  `| Forwarding ÷ audit write rate, same run | ${(r.forward_rate / r.audit_write_rate).toFixed(2)} |`,
  `| Entries not yet forwarded when the bulk action completed | ${fmt(r.lag_at_bulk_end)} |`,
  `| Catch-up after the bulk action completed, ms | ${fmt(r.catch_up_ms)} |`,
  `| Lines in rsyslog's file (every entry once, in order) | ${fmt(r.rsyslog_lines)} |`,
  `| \`audit verify --against\` comparison, entries/s | ${fmt(r.verify_against_rate)} |`,
].join("\n");
fs.mkdirSync(path.join(root, "bench", "results"), { recursive: true });
fs.writeFileSync(path.join(root, "bench", "results", "siem.json"), `${JSON.stringify(r, null, 2)}\n`);
fs.writeFileSync(path.join(root, "bench", "results", "siem.md"), `${md}\n`);
process.stdout.write(`${md}\n`);

// The audit log's filters at a million entries, on PostgreSQL:
//   node --conditions=react-server --import tsx bench/audit-log.ts
//   BENCH_AUDIT_ROWS (default 1,000,000), BENCH_DATABASE_URL (default the local server; a scratch database is made)
// Fills a fresh database with N entries shaped like a leak's log (nine in ten
// written by bulk actions about customer accounts, the rest by twenty staff
// over thirty actions), then times each filter's first page, a deep page and
// the streamed export, and prints each page query's plan (EXPLAIN ANALYZE).
// Results: bench/results/audit-log.md.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { AuditLogFilterQuery } from "../lib/audit/log-query";
import { listAuditActions, listAuditLog, streamAuditLog } from "../server/audit/list-audit-log";
import { bootDb } from "../server/boot";
import { closeDb } from "../server/db";

const root = path.resolve(import.meta.dirname, "..");
const rows = Number(process.env.BENCH_AUDIT_ROWS ?? 1_000_000);
const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const name = `breachdesk_bench_audit_${Date.now()}`;

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(sql);
  await client.end();
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

await admin(`CREATE DATABASE ${name}`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;
const db = await bootDb({ kind: "postgres", url: url.toString() });
const out: string[] = [`# Audit log filters at ${rows.toLocaleString("en")} entries (PostgreSQL)`, ""];
try {
  const accounts = Math.max(1000, Math.floor(rows / 2));
  let t = performance.now();
  await db.sql.exec(`
    INSERT INTO customer_accounts (external_id, email, email_normalized)
    SELECT 'EX-' || lpad(i::text, 7, '0'), 'c' || i || '@example.com', 'c' || i || '@example.com'
      FROM generate_series(1, ${accounts}) i;
    INSERT INTO incidents (id, slug, title, leak_started_at, aware_at, updated_at)
    VALUES ('00000000-0000-4000-8000-0000000000aa', 'bench', 'Bench', '2019-11-01', '2019-11-07', now());
    -- Bypasses the chain (no hashes): only the filters' reads are measured here.
    INSERT INTO audit_log (id, at, actor_email, action, incident_id, target_type, target_id, detail)
    SELECT i,
           timestamptz '2019-11-07' + (i * interval '1 second'),
           CASE WHEN i % 10 = 0 THEN 'staff' || (i / 10 % 20) || '@breachdesk.test' END,
           CASE WHEN i % 10 = 0 THEN 'staff.action_' || (i / 10 % 30)
                WHEN i % 3 = 0 THEN 'hold.placed' ELSE 'account.reset_forced' END,
           '00000000-0000-4000-8000-0000000000aa',
           CASE WHEN i % 10 = 0 AND i % 7 = 0 THEN 'bulk_action' ELSE 'customer_account' END,
           CASE WHEN i % 10 = 0 AND i % 7 = 0 THEN 'b' || (i % 50) ELSE ((i::bigint * 7919) % ${accounts} + 1)::text END,
           jsonb_build_object('batch', i / 1000)
      FROM generate_series(1, ${rows}) i;
    ANALYZE customer_accounts;`);
  // What autovacuum does to an insert-only table (visibility map, statistics).
  await db.sql.exec(`VACUUM ANALYZE audit_log`);
  out.push(`Filled in ${((performance.now() - t) / 1000).toFixed(1)} s.`, "");

  // The page query as listAuditLog sends it, kept to be explained.
  let last: { sql: string; params: unknown[] } | null = null;
  const query = db.sql.query.bind(db.sql);
  db.sql.query = (async (sql: string, params?: unknown[]) => {
    if (typeof sql === "string" && sql.includes("WITH page")) last = { sql, params: params ?? [] };
    return query(sql, params);
  }) as typeof db.sql.query;

  const cases: [string, Record<string, unknown>, number | undefined][] = [
    ["no filter, newest page", {}, undefined],
    ["no filter, page at #1,000", {}, 1000],
    ["actor (one of 20 staff)", { actor: "staff7@breachdesk.test" }, undefined],
    ["actor = system (9 in 10)", { actor: "system" }, undefined],
    ["action (rare: 1 in 300)", { action: ["staff.action_3"] }, undefined],
    ["two actions", { action: ["staff.action_3", "staff.action_4"] }, undefined],
    ["target = account id", { target: "EX-0000042" }, undefined],
    ["target = bulk action id", { target: "b10" }, undefined],
    ["time: one hour, early in the log", { from: "2019-11-07T10:00Z", to: "2019-11-07T11:00Z" }, undefined],
    ["time: to today (the whole log)", { to: new Date().toISOString().slice(0, 10) }, undefined],
    [
      "time: first half of the log",
      { to: new Date(Date.UTC(2019, 10, 7) + (rows / 2) * 1000).toISOString() },
      undefined,
    ],
    [
      "actor + action + time",
      { actor: "staff7@breachdesk.test", action: ["staff.action_7"], from: "2019-11-08" },
      undefined,
    ],
  ];
  out.push("| filter | page of 50 (median of 5) | entries | plan |", "| --- | ---: | ---: | --- |");
  const plans: string[] = [];
  for (const [label, raw, after] of cases) {
    const filter = AuditLogFilterQuery.parse(raw);
    const times: number[] = [];
    let count = 0;
    for (let i = 0; i < 5; i++) {
      t = performance.now();
      count = (await listAuditLog(db, filter, { after, limit: 50 })).entries.length;
      times.push(performance.now() - t);
    }
    const captured = last as { sql: string; params: unknown[] } | null;
    const plan = captured
      ? (await query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${captured.sql}`, captured.params)).map(
          (r) => r["QUERY PLAN"],
        )
      : [];
    const scan =
      plan
        .find((line) => /(Index|Seq|Bitmap Heap) Scan.* on audit_log/.test(line))
        ?.trim()
        .replace(/\s+\(cost.*$/, "") ?? "?";
    out.push(`| ${label} | ${median(times).toFixed(1)} ms | ${count} | ${scan.replace(/^->\s*/, "")} |`);
    plans.push(`### ${label}`, "", "```", ...plan, "```", "");
  }
  t = performance.now();
  const actions = await listAuditActions(db);
  out.push(
    "",
    `Action names for the filter (loose index scan): ${actions.length} in ${(performance.now() - t).toFixed(1)} ms.`,
  );

  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  let exported = 0;
  t = performance.now();
  for await (const page of streamAuditLog(db, AuditLogFilterQuery.parse({}))) {
    exported += page.length;
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const seconds = (performance.now() - t) / 1000;
  out.push(
    `Export stream of every entry: ${exported.toLocaleString("en")} in ${seconds.toFixed(1)} s ` +
      `(${Math.round(exported / seconds).toLocaleString("en")} entries/s), RSS grew ${((peak - rssBefore) / 2 ** 20).toFixed(0)} MiB.`,
    "",
    "## Plans",
    "",
    ...plans,
  );
} finally {
  await closeDb(db);
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
fs.mkdirSync(path.join(root, "bench", "results"), { recursive: true });
fs.writeFileSync(path.join(root, "bench", "results", "audit-log.md"), `${out.join("\n")}\n`);
console.log(out.slice(0, 20).join("\n"));

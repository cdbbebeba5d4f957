// What bench/remediation.ts reads after a bulk reset: the remediation page's
// data, the incident's summary at a status change against the full recount,
// and `audit verify` over the chain. Also runs alone on a database a reset
// left behind (a large one that took too long to rebuild, or one stopped
// part-way):
//   BENCH_READS_DATABASE_URL=postgres://…/db node --conditions=react-server --import tsx bench/remediation-reads.ts
//   BENCH_INCIDENT_ID   the incident (default: the one with the most work items)
//   BENCH_READS         "charts,summary,audit" (default all)
// It prints the figures as JSON; the database is left as it was found, but
// for the snapshot the first read stores and the summary the recount rewrites.
import { pathToFileURL } from "node:url";
import { verifyAuditChain } from "../server/audit/verify-audit-chain";
import { bootDb } from "../server/boot";
import { closeDb, type Db } from "../server/db";
import { refreshActionStats, refreshIncidentStats } from "../server/incidents/refresh-incident-stats";
import { readRemediationCharts } from "../server/remediation-stats/read-remediation-charts";

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * The remediation page's data after a bulk reset: the first read computes
 * every aggregate (no snapshot yet) and stores it; the reads after it are
 * what the page costs until the next change.
 */
export async function remediationPageData(db: Db, incident: Parameters<typeof readRemediationCharts>[1]) {
  let t0 = performance.now();
  await readRemediationCharts(db, incident);
  const firstMs = performance.now() - t0;
  const reads: number[] = [];
  for (let i = 0; i < 7; i++) {
    t0 = performance.now();
    await readRemediationCharts(db, incident);
    reads.push(performance.now() - t0);
  }
  process.stderr.write(
    `postgres: remediation page data: first read ${Math.round(firstMs)} ms, then ${median(reads).toFixed(1)} ms\n`,
  );
  return {
    charts_first_read_ms: Math.round(firstMs),
    charts_read_ms: Math.round(median(reads) * 10) / 10,
    charts_read_max_ms: Math.round(Math.max(...reads) * 10) / 10,
  };
}

/**
 * What a bulk action's status change costs the incident's summary now (its
 * numbers from the actions' counters), against the full recount over every
 * work item and triage row that approval and finish ran before.
 */
export async function summaryCosts(db: Db, incidentId: string) {
  let t0 = performance.now();
  await db.sql.transaction((tx) => refreshActionStats(tx, incidentId));
  const kept = performance.now() - t0;
  t0 = performance.now();
  await db.sql.transaction((tx) => refreshIncidentStats(tx, incidentId));
  const recount = performance.now() - t0;
  process.stderr.write(
    `postgres: summary at a status change ${kept.toFixed(1)} ms, full recount ${Math.round(recount)} ms\n`,
  );
  return { summary_status_change_ms: Math.round(kept * 10) / 10, summary_full_recount_ms: Math.round(recount) };
}

/** `audit verify` over the whole chain; a broken chain fails the benchmark. */
export async function auditVerify(db: Db) {
  const verify = await verifyAuditChain(db.sql);
  if (!verify.ok) throw new Error("audit chain broken after the benchmark");
  return {
    audit_entries: verify.entries,
    audit_verify_ms: verify.ms,
    audit_verify_rate: Math.round(verify.entries / (verify.ms / 1000)),
  };
}

async function main(url: string) {
  const reads = new Set((process.env.BENCH_READS ?? "charts,summary,audit").split(","));
  const db = await bootDb({ kind: "postgres", url }, { migrate: false });
  try {
    const [chosen] = await db.sql.query<{ id: string }>(
      process.env.BENCH_INCIDENT_ID
        ? `SELECT id::text FROM incidents WHERE id = $1::uuid`
        : `SELECT incident_id::text AS id FROM bulk_actions GROUP BY incident_id ORDER BY sum(total) DESC LIMIT 1`,
      process.env.BENCH_INCIDENT_ID ? [process.env.BENCH_INCIDENT_ID] : [],
    );
    if (!chosen) throw new Error("no incident with a bulk action in that database");
    const incident = await db.prisma.incident.findUniqueOrThrow({ where: { id: chosen.id } });
    const [state] = await db.sql.query<{ items: string; done: string }>(
      `SELECT sum(total)::text AS items, sum(succeeded + skipped + failed + cancelled)::text AS done
         FROM bulk_actions WHERE incident_id = $1::uuid`,
      [incident.id],
    );
    const results: Record<string, number | string> = {
      incident: incident.id,
      items: Number(state?.items),
      items_done: Number(state?.done),
    };
    if (reads.has("charts")) Object.assign(results, await remediationPageData(db, incident));
    if (reads.has("summary")) Object.assign(results, await summaryCosts(db, incident.id));
    if (reads.has("audit")) Object.assign(results, await auditVerify(db));
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } finally {
    await closeDb(db);
  }
}

const direct = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
const target = process.env.BENCH_READS_DATABASE_URL;
if (direct) {
  if (!target) throw new Error("BENCH_READS_DATABASE_URL names the database to read");
  await main(target);
}

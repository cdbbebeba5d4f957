/**
 * One database's part of `npm run bench`, in steps, each its own process so
 * that each peak memory is its own: `setup` creates the database, imports the
 * directory and measures the COPY baseline (three times); `import` (run once
 * per measured run, each into an incident of its own) imports the recipient
 * list, pages the triage table, imports the same list again (duplicates
 * only), then a thousand new rows. Each prints one JSON line with its figures.
 *
 *   node --conditions=react-server --import tsx bench/import-and-triage.ts <setup|import> <pglite|postgres> <workdir> <run> [postgres-url]
 */
import fs from "node:fs";
import path from "node:path";
import { parseTriageQuery } from "../lib/triage/filter";
import { bootDb } from "../server/boot";
import { closeDb, type Db } from "../server/db";
import { createIncident } from "../server/incidents/create-incident";
import { importAccounts } from "../server/imports/import-accounts";
import { importRecipientList } from "../server/imports/import-recipients";
import { listTriageEntries } from "../server/triage/list-triage-entries";
import { indexTriageSortOrders } from "../server/triage/sort-indexes";
import { precomputeRemediationCharts, readRemediationCharts } from "../server/remediation-stats/read-remediation-charts";

const [step, target, workdir, run, url] = process.argv.slice(2) as [
  "setup" | "import",
  "pglite" | "postgres",
  string,
  string,
  string | undefined,
];
const files = { accounts: path.join(workdir, "accounts.csv"), recipients: path.join(workdir, "recipients.csv") };

function stream(file: string) {
  return fs.createReadStream(file, { highWaterMark: 1 << 20 });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function timeIt<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const result = await fn();
  return [result, performance.now() - start];
}

/** Baseline: plain COPY of the same list into a table with a primary key and a unique index. */
async function copyBaseline(db: Db): Promise<number> {
  await db.sql.exec(
    `DROP TABLE IF EXISTS bench_copy; CREATE TABLE bench_copy (id serial PRIMARY KEY, email text NOT NULL, batch text NOT NULL, UNIQUE (batch, email))`,
  );
  const [, ms] = await timeIt(() =>
    db.sql.session(async (session) => {
      const writer = await session.copyFrom("bench_copy", ["email", "batch"]);
      let first = true;
      let rest = "";
      for await (const chunk of stream(files.recipients)) {
        let text = rest + chunk.toString("utf8");
        const cut = text.lastIndexOf("\n") + 1;
        rest = text.slice(cut);
        text = text.slice(0, cut);
        if (first) {
          text = text.slice(text.indexOf("\n") + 1);
          first = false;
        }
        await writer.write(text);
      }
      await writer.end();
    }),
  );
  await db.sql.exec(`DROP TABLE bench_copy`);
  return ms;
}

const peakRssMb = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function setup(db: Db, rows: number) {
  const [accounts, accountsMs] = await timeIt(() =>
    importAccounts(db, { fileName: "accounts.csv", bytesTotal: null, source: stream(files.accounts), actor: null }),
  );
  // The baseline three times by default: the machine's speed varies from minute to minute.
  const baselines: number[] = [];
  for (let i = 0; i < Number(process.env.BENCH_BASELINE_RUNS ?? 3); i++) baselines.push(await copyBaseline(db));
  const baselineMs = median(baselines);
  return {
    accountsImported: accounts.imported,
    accountsMs: Math.round(accountsMs),
    copyBaselineMs: Math.round(baselineMs),
    copyBaselineRunsMs: baselines.map(Math.round),
    copyBaselineRowsPerSecond: Math.round(rows / (baselineMs / 1000)),
    // Creating the database (PGlite's initdb, in process) and the directory import.
    setupPeakRssMb: peakRssMb(),
  };
}

async function main() {
  const db = await bootDb(
    target === "postgres"
      ? { kind: "postgres", url: url! }
      : { kind: "pglite", dataDir: path.join(workdir, "pglite"), owner: "bench" },
  );
  try {
    const rows = Number(fs.readFileSync(path.join(workdir, "rows.txt"), "utf8"));
    const result = step === "setup" ? await setup(db, rows) : await importAndPage(db, rows);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    await closeDb(db);
  }
}

async function importAndPage(db: Db, rows: number) {
  // The earlier runs' incidents (their later imports) first, untimed: the
  // sweep below then computes this run's incident's charts alone.
  await precomputeRemediationCharts(db, Number.MAX_SAFE_INTEGER);
  const incident = await createIncident(
    db,
    { slug: `bench-run-${run}`, title: `Benchmark run ${run}`, awareAt: "2019-11-07T09:12:00Z" },
    null,
  );
  const [recipients, recipientsMs] = await timeIt(() =>
    importRecipientList(db, {
      incidentId: incident.id,
      fileName: "recipients.csv",
      bytesTotal: null,
      source: stream(files.recipients),
      actor: null,
    }),
  );
  if (recipients.imported !== rows) throw new Error(`expected ${rows} recipients, imported ${recipients.imported}`);
  const importMatchMs = (recipients.phases.reading ?? 0) + (recipients.phases.applying ?? 0);

  // Triage: first page and a deep page (50 rows a page) with two filters.
  const { filter } = parseTriageQuery({ matched: "yes", twoFactor: "no" }, { unmasked: true });
  const view = { unmasked: true };
  const pageOf = (after?: string) =>
    listTriageEntries(db, incident, filter.data!, { sort: "risk", size: 50, after }, view);
  // The 1,000th page, or the last one when a small run (BENCH_ROWS) has fewer.
  let cursor: string | undefined;
  let deepPage = 1;
  while (deepPage < 1000) {
    const result = await pageOf(cursor);
    if (!result.nextCursor) break;
    cursor = result.nextCursor;
    deepPage++;
  }
  const firstTimes: number[] = [];
  const deepTimes: number[] = [];
  for (let i = 0; i < 15; i++) {
    firstTimes.push((await timeIt(() => pageOf()))[1]);
    deepTimes.push((await timeIt(() => pageOf(cursor)))[1]);
  }

  // The balance order, with the same filters: sorted on each page until the
  // worker's sweep builds the incident's order indexes, then read from one.
  const balanceOf = (after?: string) =>
    listTriageEntries(db, incident, filter.data!, { sort: "balance", size: 50, after }, view);
  const balanceBefore: number[] = [];
  for (let i = 0; i < 5; i++) balanceBefore.push((await timeIt(() => balanceOf()))[1]);
  const [indexed, sortIndexesMs] = await timeIt(() => indexTriageSortOrders(db));
  if (indexed !== 1) throw new Error(`expected the incident's order indexes to be built, built ${indexed}`);
  let balanceCursor: string | undefined;
  for (let page = 1; page < deepPage; page++) balanceCursor = (await balanceOf(balanceCursor)).nextCursor ?? undefined;
  const balanceFirst: number[] = [];
  const balanceDeep: number[] = [];
  for (let i = 0; i < 15; i++) {
    balanceFirst.push((await timeIt(() => balanceOf()))[1]);
    balanceDeep.push((await timeIt(() => balanceOf(balanceCursor)))[1]);
  }

  // The overview's and the remediation page's charts: the worker's sweep
  // computes them after the import (what the first view waited for before),
  // then the first view reads them stored.
  const [computedCharts, chartsComputeMs] = await timeIt(() => precomputeRemediationCharts(db));
  if (computedCharts !== 1) throw new Error(`expected the incident's charts to be computed, computed ${computedCharts}`);
  const [firstView, chartsFirstViewMs] = await timeIt(() => readRemediationCharts(db, incident, { waitMs: 0 }));
  if (!firstView.fresh) throw new Error("the first view after the sweep was not served the stored charts");

  // Overview numbers: the maintained summary row vs aggregating per request.
  const summaryTimes: number[] = [];
  const aggregateTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    summaryTimes.push(
      (await timeIt(() => db.prisma.incidentStats.findUniqueOrThrow({ where: { incidentId: incident.id } })))[1],
    );
    aggregateTimes.push(
      (
        await timeIt(() =>
          db.sql.query(
            `SELECT count(*), count(DISTINCT email_normalized), count(DISTINCT account_id) FROM leaked_recipients WHERE incident_id = $1`,
            [incident.id],
          ),
        )
      )[1],
    );
  }

  // The same list again into the same incident: every row a duplicate.
  const [again, againMs] = await timeIt(() =>
    importRecipientList(db, {
      incidentId: incident.id,
      fileName: "recipients.csv",
      bytesTotal: null,
      source: stream(files.recipients),
      actor: null,
    }),
  );
  if (again.imported !== 0 || again.duplicates !== rows) {
    throw new Error(`re-import: expected ${rows} duplicates, got ${again.duplicates} (${again.imported} imported)`);
  }
  const reimportMatchMs = (again.phases.reading ?? 0) + (again.phases.applying ?? 0);

  // A small list added to the large incident: a thousand rows in a message of
  // their own, half of them customers' addresses (exposed already, or not).
  const small = ["email,batch"];
  for (let i = 0; i < 1000; i++) {
    const n = i * 997 + 13;
    small.push(i % 2 ? `customer${n}@example${n % 50}.com,later-${run}` : `later${i}@example.org,later-${run}`);
  }
  const [added, smallImportMs] = await timeIt(() =>
    importRecipientList(db, {
      incidentId: incident.id,
      fileName: "later.csv",
      bytesTotal: null,
      source: (async function* () {
        yield Buffer.from(`${small.join("\n")}\n`);
      })(),
      actor: null,
    }),
  );
  if (added.imported !== 1000) throw new Error(`small import: expected 1000 recipients, imported ${added.imported}`);

  return {
    // The import runs in phases, all in one transaction: parse and stage
    // (COPY), apply and match (recipients added, each joined to its
    // account), rank (the triage rows rebuilt). The target names the first
    // two: "import and match". Ranking and the end to end are reported beside it.
    phaseMs: recipients.phases,
    importMatchMs: importMatchMs,
    importMatchRowsPerSecond: Math.round(rows / (importMatchMs / 1000)),
    rankMs: recipients.phases.ranking ?? 0,
    rankRowsPerSecond: Math.round(rows / ((recipients.phases.ranking ?? 0) / 1000)),
    endToEndMs: Math.round(recipientsMs),
    endToEndRowsPerSecond: Math.round(rows / (recipientsMs / 1000)),
    matched: recipients.matched,
    unmatched: recipients.unmatched,
    triageFirstPageMs: Number(median(firstTimes).toFixed(1)),
    triageDeepPage: deepPage,
    triageDeepPageMs: Number(median(deepTimes).toFixed(1)),
    balanceFirstPageBeforeIndexMs: Number(median(balanceBefore).toFixed(1)),
    sortIndexesMs: Math.round(sortIndexesMs),
    balanceFirstPageMs: Number(median(balanceFirst).toFixed(1)),
    balanceDeepPageMs: Number(median(balanceDeep).toFixed(1)),
    chartsComputeMs: Math.round(chartsComputeMs),
    chartsFirstViewMs: Number(chartsFirstViewMs.toFixed(1)),
    overviewSummaryMs: Number(median(summaryTimes).toFixed(2)),
    overviewAggregateMs: Number(median(aggregateTimes).toFixed(1)),
    reimportPhaseMs: again.phases,
    reimportMatchMs,
    reimportEndToEndMs: Math.round(againMs),
    smallImportMs: Math.round(smallImportMs),
    importPeakRssMb: peakRssMb(),
  };
}

await main();

import "server-only";
import type { RemediationCharts } from "../../lib/remediation-charts/types";
import type { Db } from "../db";
import { RetryAfterFailure, type Sweep } from "../jobs/sweeps";
import { log } from "../log";
import { getRemediationCharts } from "./get-remediation-charts";
import { FROZEN_CHART_VERSION, getRemediationVersion } from "./get-remediation-version";
import { preparedSql } from "../db/driver";

type ChartIncident = { id: string; awareAt: Date; leakStartedAt: Date };

export type ChartRead = {
  data: RemediationCharts;
  /** The remediation version the data was computed from: the page's poll compares the current one with it. */
  version: string;
  running: number;
  /** False when a newer version is being computed and the last stored data was served meanwhile. */
  fresh: boolean;
};

/** The least time between two computations of an incident's charts. */
const MIN_INTERVAL_MS = 3_000;

// One computation per incident and version in this process at a time.
const jobs = new Map<string, Promise<RemediationCharts>>();

/** Waits for this process's chart computations (tests and the benchmark; never needed by pages). */
export async function settleRemediationChartJobs(): Promise<void> {
  await Promise.allSettled([...jobs.values()]);
}

function computeAndStore(db: Db, incident: ChartIncident, version: string): Promise<RemediationCharts> {
  const key = `${incident.id}|${version}`;
  let job = jobs.get(key);
  if (!job) {
    job = (async () => {
      const started = performance.now();
      const data = await getRemediationCharts(db, incident);
      await db.sql.query(
        `INSERT INTO remediation_chart_snapshots (incident_id, version, data, computed_at, compute_ms)
         VALUES ($1::uuid, $2, $3::jsonb, $4::timestamptz, $5)
         ON CONFLICT (incident_id) DO UPDATE SET version = excluded.version, data = excluded.data,
           computed_at = excluded.computed_at, compute_ms = excluded.compute_ms`,
        [
          incident.id,
          version,
          JSON.stringify(data),
          new Date(data.generatedAt).toISOString(),
          Math.round(performance.now() - started),
        ],
      );
      return data;
    })().finally(() => jobs.delete(key));
    // A job nobody awaits any more (its page served the stored data) must not crash the process.
    job.catch((error: unknown) =>
      log.error("remediation charts: computation failed", error, { incidentId: incident.id }),
    );
    jobs.set(key, job);
  }
  return job;
}

// The data this process last served per incident, with its version: a view
// whose version matches (every view between two changes) skips the snapshot's
// read and the parse of its ~80 KB of JSON. Shared between requests, so
// nothing that reads it may change it (the charts copy before sorting).
const MAX_REMEMBERED_INCIDENTS = 64;
const lastServed = new Map<string, { version: string; data: RemediationCharts }>();

function remember(incidentId: string, version: string, data: RemediationCharts): void {
  if (!lastServed.has(incidentId) && lastServed.size >= MAX_REMEMBERED_INCIDENTS) lastServed.clear();
  lastServed.set(incidentId, { version, data });
}

/** Computes the incident's charts now and stores them for good (before erasure removes the rows they count). */
export async function freezeRemediationCharts(db: Db, incident: ChartIncident): Promise<void> {
  await computeAndStore(db, incident, FROZEN_CHART_VERSION);
}

// Incidents with a completed import newer than their stored charts (or with
// none stored), oldest incident first; not those whose charts are frozen.
const IMPORTED_SINCE_SNAPSHOT = preparedSql(
  "remediation-charts-imported-since",
  `SELECT i.id, i.aware_at, i.leak_started_at
       FROM incidents i
       LEFT JOIN remediation_chart_snapshots s ON s.incident_id = i.id
      WHERE i.erased_at IS NULL AND s.version IS DISTINCT FROM $1
        AND EXISTS (SELECT 1 FROM import_jobs j
                     WHERE j.incident_id = i.id AND j.status = 'completed'
                       AND j.finished_at > coalesce(s.computed_at, '-infinity'::timestamptz))
      ORDER BY i.created_at
      LIMIT $2`,
);

// A computation that failed (a bug, a full disk; computeAndStore logged it)
// is tried again after ten minutes by this process; meanwhile the other
// incidents go ahead.
const retry = new RetryAfterFailure(10 * 60_000);

/**
 * Computes and stores the charts of incidents that an import has changed
 * since their charts were last stored, `limit` incidents at most: what the
 * worker's sweep does after an import commits. Without it the first view of
 * the overview or the remediation page after a large import computes them
 * while the responder waits (about 3 s at a million rows, 36 to 49 s at ten
 * million); with it that view reads them stored, or reads the stored ones
 * while newer ones are computed. Two worker processes may each compute an
 * incident once; both store the same data. How many were computed.
 */
export async function precomputeRemediationCharts(db: Db, limit = 1, at = new Date()): Promise<number> {
  const rows = await db.sql.query<{ id: string; aware_at: Date; leak_started_at: Date }>(IMPORTED_SINCE_SNAPSHOT, [
    FROZEN_CHART_VERSION,
    retry.toRead(limit),
  ]);
  let computed = 0;
  for (const row of retry.due(rows, (r) => r.id, at, limit)) {
    const incident = { id: row.id, awareAt: new Date(row.aware_at), leakStartedAt: new Date(row.leak_started_at) };
    try {
      const { version } = await getRemediationVersion(db.sql, incident.id, at);
      await computeAndStore(db, incident, version);
      retry.succeeded(row.id);
      computed += 1;
    } catch {
      retry.failed(row.id, at);
    }
  }
  return computed;
}

/** One incident a run, so that the worker's loop gets back to its batches in between. */
export const remediationChartSweeps: readonly Sweep[] = [
  { name: "remediationCharts", run: (db, at) => precomputeRemediationCharts(db, 1, at) },
];

const STORED_SNAPSHOT = preparedSql(
  "remediation-chart-snapshot",
  `SELECT version, data, compute_ms, (extract(epoch FROM (now() - computed_at)) * 1000)::float8 AS age_ms
       FROM remediation_chart_snapshots WHERE incident_id = $1::uuid`,
);

/**
 * The remediation page's data without aggregating a million rows per request:
 * the stored snapshot when it was computed from the current version (a
 * primary-key read), else a computation of the current one. When a snapshot
 * exists and the computation takes longer than `waitMs`, the stored data is
 * served at once, marked not fresh (its own version goes to the page, whose
 * poll then asks again), and the computation finishes in the background.
 * Changes through bulk actions reach the page within one computation;
 * the rest within VERSION_SLOT_MINUTES (of `now`, which tests fix so that
 * no slot ends between two reads).
 */
export async function readRemediationCharts(
  db: Db,
  incident: ChartIncident,
  options: { waitMs?: number; minIntervalMs?: number; now?: Date } = {},
): Promise<ChartRead> {
  const { version, running } = await getRemediationVersion(db.sql, incident.id, options.now);
  const served = lastServed.get(incident.id);
  if (served?.version === version) return { data: served.data, version, running, fresh: true };
  const read = await readStoredOrCompute(db, incident, version, running, options);
  if (read.fresh) remember(incident.id, read.version, read.data);
  return read;
}

async function readStoredOrCompute(
  db: Db,
  incident: ChartIncident,
  version: string,
  running: number,
  options: { waitMs?: number; minIntervalMs?: number },
): Promise<ChartRead> {
  const [stored] = await db.sql.query<{
    version: string;
    data: RemediationCharts | string;
    age_ms: number;
    compute_ms: number;
  }>(STORED_SNAPSHOT, [incident.id]);
  const parsed = stored
    ? typeof stored.data === "string"
      ? (JSON.parse(stored.data) as RemediationCharts)
      : stored.data
    : null;
  // Data stored by an older release lacks the windows: computed afresh, never served.
  const storedData = parsed && "ranges" in parsed ? parsed : null;
  // An erased incident's rows are gone: its charts are the ones frozen before.
  if (stored && storedData && stored.version === FROZEN_CHART_VERSION) {
    return { data: storedData, version: FROZEN_CHART_VERSION, running: 0, fresh: true };
  }
  if (stored && storedData && stored.version === version) return { data: storedData, version, running, fresh: true };
  if (!stored || !storedData)
    return { data: await computeAndStore(db, incident, version), version, running, fresh: true };
  const staleRead = { data: storedData, version: stored.version, running, fresh: false };
  // While a bulk action runs the version moves with every batch: computing
  // again at most every MIN_INTERVAL_MS, or three times as long as the last
  // computation took, keeps the charts to a third of a core at most (a
  // million rows take seconds) and leaves the rest to the workers.
  const minInterval = options.minIntervalMs ?? Math.max(MIN_INTERVAL_MS, 3 * Number(stored.compute_ms));
  if (Number(stored.age_ms) < minInterval) return staleRead;
  const job = computeAndStore(db, incident, version);
  const waitMs = options.waitMs ?? 150;
  if (waitMs <= 0) return staleRead;
  let timer: NodeJS.Timeout | undefined;
  const waited = await Promise.race([
    job,
    new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), waitMs);
    }),
  ]).finally(() => clearTimeout(timer));
  return waited ? { data: waited, version, running, fresh: true } : staleRead;
}

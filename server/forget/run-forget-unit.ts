import { hmacPads } from "../../lib/forget/keyed-hash";
import type { Db } from "../db";
import type { SqlQueryable } from "../db/driver";
import { claimRows } from "../jobs/claim";
import { jobsConfig } from "../jobs/config";
import { crashPoint } from "../jobs/crash-point";
import { env } from "../env";
import { recordForgetStep, type ForgetCounts, type ForgetStepName } from "./forget-record";
import { tablesOf, unitsOf } from "./forget-units";
import { CLAIM_FORGET_RUN, type ClaimedForgetRun } from "./sql/claim-forget-run";
import { destroyForgetKey, forgetKey } from "./sql/forget-key";
import {
  auditHeadOf,
  finishForgetRun,
  markForgetRunDone,
  markIncidentForgotten,
  saveForgetCursor,
  saveForgetProgress,
} from "./sql/save-forget-progress";
import { freezeRemediationCharts } from "../remediation-stats/read-remediation-charts";

/**
 * Where a run has got to: erasure first freezes the charts (phase absent, no
 * unit yet), then the unit in hand and where it stopped, then the compaction
 * after the last.
 */
type Cursor = { unit?: number; after?: unknown; phase?: "compact" };

export type ForgetOutcome = { runId: string; step: ForgetStepName; changed: number; finished: boolean };

// Units this process has committed: the crash tests' points are armed from
// the second, so a kill lands mid-run, with work already done and recorded.
let unitsCommitted = 0;

/**
 * Claims the oldest forget run not done and does its next unit: either one
 * transaction (the claim, up to a batch of rows of one kind, the cursor and
 * counts, and on the last unit the key's destruction, the incident's date,
 * the audit entry and the timeline event), or, after the last unit, the
 * compaction outside any transaction. A worker killed anywhere leaves the
 * run where its last commit put it; the next claim resumes there.
 */
export async function runForgetUnit(db: Db, workerId: string): Promise<ForgetOutcome | null> {
  const lease = { workerId, leaseSeconds: jobsConfig().leaseSeconds };
  const outcome = await db.sql.transaction(async (tx) => {
    const [run] = await claimRows<ClaimedForgetRun>(tx, CLAIM_FORGET_RUN, lease);
    if (!run) return null;
    const cursor = (run.cursor ?? {}) as Cursor;
    if (cursor.phase === "compact") return { run, outside: "compact" as const };
    if (run.step === "erase" && cursor.unit === undefined) return { run, outside: "freeze" as const };
    const result = await runUnit(tx, run, cursor);
    if (unitsCommitted > 0) await crashPoint("forget-unit");
    return { run, outside: null, ...result };
  });
  if (!outcome) return null;
  const step = outcome.run.step as ForgetStepName;
  // Work that cannot run inside the unit's transaction, under the lease just
  // written (committed with the claim): done again if the worker dies first.
  if (outcome.outside === "compact") {
    await compactTables(db, step);
    await db.sql.transaction((tx) => markForgetRunDone(tx, outcome.run.id, workerId));
    return { runId: outcome.run.id, step, changed: 0, finished: true };
  }
  if (outcome.outside === "freeze") {
    await freezeCharts(db, outcome.run.incident_id);
    await db.sql.transaction((tx) => saveForgetCursor(tx, outcome.run.id, workerId, { unit: 0 }));
    return { runId: outcome.run.id, step, changed: 0, finished: false };
  }
  unitsCommitted += 1;
  if (unitsCommitted > 1) await crashPoint("forget-between-units");
  return { runId: outcome.run.id, step, changed: outcome.changed, finished: false };
}

/** The remediation charts as they are before erasure removes the rows they count, stored for good. */
async function freezeCharts(db: Db, incidentId: string): Promise<void> {
  const [incident] = await db.sql.query<{ aware_at: Date; leak_started_at: Date }>(
    `SELECT aware_at, leak_started_at FROM incidents WHERE id = $1::uuid`,
    [incidentId],
  );
  if (!incident) return;
  await freezeRemediationCharts(db, {
    id: incidentId,
    awareAt: new Date(incident.aware_at),
    leakStartedAt: new Date(incident.leak_started_at),
  });
}

async function runUnit(tx: SqlQueryable, run: ClaimedForgetRun, cursor: Cursor): Promise<{ changed: number }> {
  const step = run.step as ForgetStepName;
  const units = unitsOf(step);
  const counts = { ...((run.counts ?? {}) as ForgetCounts) };
  const auditHeadBefore = run.audit_head_before ?? (await auditHeadOf(tx));
  const index = cursor.unit ?? 0;
  const unit = units[index];
  let changed = 0;
  let next: Cursor;
  if (unit) {
    const key = step === "pseudonymise" ? await forgetKey(tx, run.incident_id) : null;
    if (step === "pseudonymise" && !key)
      throw new Error(`The pseudonymisation key of incident ${run.incident_id} is already destroyed.`);
    const result = await unit.run(tx, {
      incidentId: run.incident_id,
      pads: key ? hmacPads(key) : null,
      limit: env().BREACHDESK_FORGET_BATCH_SIZE,
      after: cursor.after ?? null,
    });
    changed = result.changed;
    counts[unit.counts] = ((counts[unit.counts] as number | undefined) ?? 0) + changed;
    for (const [table, n] of Object.entries(result.kept ?? {}))
      if (n > 0) counts.kept = { ...counts.kept, [table]: (counts.kept?.[table] ?? 0) + n };
    next = result.done ? { unit: index + 1 } : { unit: index, after: result.next };
  } else {
    next = { unit: index };
  }
  if ((next.unit ?? 0) >= units.length) {
    await finishStep(tx, { id: run.id, incidentId: run.incident_id, step, counts, auditHeadBefore });
    next = { phase: "compact" };
  }
  await saveForgetProgress(tx, run.id, { cursor: next, counts, auditHeadBefore });
  return { changed };
}

/** The step's end, in its last unit's transaction: the key destroyed, the incident's date, the records, the chain's head after them. */
async function finishStep(
  tx: SqlQueryable,
  run: {
    id: string;
    incidentId: string;
    step: ForgetStepName;
    counts: ForgetCounts;
    auditHeadBefore: string;
  },
): Promise<void> {
  const at = new Date();
  if (run.step === "pseudonymise") await destroyForgetKey(tx, run.incidentId, at);
  await markIncidentForgotten(tx, run.incidentId, run.step, at);
  await recordForgetStep(tx, run, at);
  await finishForgetRun(tx, run.id, at, await auditHeadOf(tx));
}

// Write-ahead log segments the compaction moves past (min_wal_size is 80 MB,
// five segments, kept recycled ahead of the one in use).
const WAL_SEGMENTS_TO_PASS = 6;

/**
 * Rewritten tables still hold the old rows' bytes (dead tuples) until a
 * vacuum, and the write-ahead log holds them too (the inserts, and whole
 * pages as they were before the first change after a checkpoint). On
 * PGlite, whose data folder is the whole database, VACUUM FULL rewrites the
 * touched tables; then, with segment recycling off (a recycled segment keeps
 * its old bytes until overwritten), the log is switched to fresh segments and
 * checkpointed until no segment from before is left. It locks each table
 * while it runs (PGlite has one connection anyway). On PostgreSQL that lock
 * would stop every incident's work on a large table: the dead rows go with
 * autovacuum and old log segments with checkpoints, and an operator who must
 * have them off the disk at once runs VACUUM FULL in a quiet hour
 * (docs/forgetting.md).
 */
async function compactTables(db: Db, step: ForgetStepName): Promise<void> {
  if (db.sql.kind !== "pglite") return;
  for (const table of tablesOf(step)) await db.sql.exec(`VACUUM FULL ${table}`);
  await db.sql.exec("SET wal_recycle = off");
  try {
    for (let i = 0; i < WAL_SEGMENTS_TO_PASS; i++) await db.sql.exec("SELECT pg_switch_wal(); CHECKPOINT");
  } finally {
    await db.sql.exec("RESET wal_recycle");
  }
}

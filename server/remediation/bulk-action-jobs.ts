import type { Db } from "../db";
import { logAuditHead } from "../audit/log-audit-head";
import { backoffSeconds } from "../jobs/backoff";
import type { JobKind, JobRunner } from "../jobs/job-kind";
import { runLength } from "../jobs/run-length";
import type { AccountProvider } from "../providers/account-provider";
import { accountProvider } from "../providers/provider-from-env";
import { remediationConfig, workBatchSize, workerConcurrency, workRunLimits } from "./remediation-config";
import { processBatch, type BatchOutcome } from "./run-batch";
import { bulkActionSweeps } from "./bulk-action-sweeps";
import { batchCount, claimBatch } from "./sql/claim-batch";
import { batchesLeft, releaseFailedBatch } from "./sql/settle-batch";

/** A claimed run's outcome, and how many batches it held. */
export type RunOutcome = BatchOutcome & { batches: number };

export type BulkWorkOptions = {
  provider?: AccountProvider;
  /** Recorded times (the demo seed replays 2019); leases always use the database's clock. */
  clock?: () => Date;
  onBatch?: (outcome: BatchOutcome) => void;
};

/**
 * Claims and runs one batch if there is one. Returns null when there is
 * nothing to do. A batch that fails unexpectedly goes back to the queue with
 * a back-off (its lease released), and the error is rethrown to the caller.
 */
export async function runOneBatch(
  db: Db,
  options: BulkWorkOptions & { workerId: string; run?: ReturnType<typeof runLength> },
): Promise<RunOutcome | null> {
  const config = remediationConfig();
  const started = performance.now();
  const claim = await claimBatch(db.sql, options.workerId, config.leaseSeconds, options.run?.next());
  if (!claim) return null;
  try {
    const outcome = await processBatch(db, claim, {
      workerId: options.workerId,
      provider: options.provider ?? accountProvider(),
      clock: options.clock,
    });
    options.run?.record(batchCount(claim), performance.now() - started);
    options.onBatch?.(outcome);
    // The head at every bulk action's end goes to the server log, out of the database's reach.
    if (outcome.finished) await logAuditHead(db.sql, "bulk_action_finished").catch(() => undefined);
    return { ...outcome, batches: batchCount(claim) };
  } catch (error) {
    const delay = backoffSeconds(claim.attempts, { baseSeconds: 1, capSeconds: 60 });
    await releaseFailedBatch(db.sql, claim, options.workerId, delay).catch(() => undefined);
    throw error;
  }
}

/** Bulk actions as a kind of leased work: a unit is one batch of a running action. */
export function bulkActionJobs(options: BulkWorkOptions = {}): JobKind<RunOutcome> {
  return {
    name: "worker",
    workerLabel: "worker",
    drainLabel: "drain",
    sweeps: bulkActionSweeps,
    loops: (db) => workerConcurrency(db.sql.kind),
    open(db: Db): JobRunner<RunOutcome> {
      // The exchange over HTTP is sent a batch per call, as sized at the request.
      const limits = workRunLimits(db.sql.kind, (options.provider ?? accountProvider()).transactional);
      // Each loop learns its own run length.
      const runs = new Map<string, ReturnType<typeof runLength>>();
      const runOf = (workerId: string) => runs.get(workerId) ?? runs.set(workerId, runLength(limits)).get(workerId)!;
      return {
        describe: `batches of ${workBatchSize(db.sql.kind)}, up to ${limits.max} at once within ${limits.budgetMs} ms, lease ${remediationConfig().leaseSeconds}s`,
        runOne: (workerId) => runOneBatch(db, { ...options, workerId, run: runOf(workerId) }),
        hasWork: () => batchesLeft(db.sql),
        count: (outcome) => outcome.batches,
        clock: options.clock,
        close: () => undefined,
      };
    },
  };
}

import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import type { Db } from "../db";
import type { AccountProvider } from "../providers/account-provider";
import { accountProvider } from "../providers/provider-from-env";
import { remediationConfig, workBatchSize } from "../remediation/remediation-config";
import { claimBatch } from "./claim-batch";
import { processBatch, type BatchOutcome } from "./process-batch";
import { sweepExpired } from "./sweep-expired";
import { logAuditHead, periodicAuditHeadLog } from "../audit/log-audit-head";

const PGLITE_GAP_MS = 30;

export function newWorkerId(label = "worker"): string {
  return `${label}:${hostname()}:${process.pid}:${randomBytes(4).toString("hex")}`;
}

export type WorkerOptions = {
  workerId?: string;
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
export async function runOneBatch(db: Db, options: WorkerOptions & { workerId: string }): Promise<BatchOutcome | null> {
  const config = remediationConfig();
  const claim = await claimBatch(db.sql, options.workerId, config.leaseSeconds);
  if (!claim) return null;
  try {
    const outcome = await processBatch(db, claim, {
      workerId: options.workerId,
      provider: options.provider ?? accountProvider(),
      clock: options.clock,
    });
    options.onBatch?.(outcome);
    // The head at every bulk action's end goes to the server log, out of the database's reach.
    if (outcome.finished) await logAuditHead(db.sql, "bulk_action_finished").catch(() => undefined);
    return outcome;
  } catch (error) {
    await db.sql
      .query(
        `UPDATE bulk_action_batches
            SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL,
                run_after = now() + make_interval(secs => least(60, power(2, attempts)))
          WHERE bulk_action_id = $1::uuid AND batch_no = $2 AND status = 'leased' AND lease_owner = $3`,
        [claim.bulkActionId, claim.batchNo, options.workerId],
      )
      .catch(() => undefined);
    throw error;
  }
}

/**
 * Runs batches until no running bulk action has work left (the seed, the
 * CLI's --drain, tests). A batch leased to another worker is waited for: if
 * that worker died, its lease runs out and the batch is taken over here.
 */
export async function drainWork(db: Db, options: WorkerOptions = {}): Promise<number> {
  const workerId = options.workerId ?? newWorkerId("drain");
  const pollMs = remediationConfig().pollMs;
  let batches = 0;
  await sweepExpired(db, options.clock?.() ?? new Date());
  for (;;) {
    if (await runOneBatch(db, { ...options, workerId })) {
      batches += 1;
      continue;
    }
    const [left] = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM bulk_action_batches b JOIN bulk_actions a ON a.id = b.bulk_action_id
        WHERE a.status = 'running' AND b.status <> 'done'`,
    );
    if (Number(left?.n ?? 0) === 0) return batches;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/**
 * The worker loop: claim, run, repeat; when idle, sweep expired approvals
 * and holds and wait `pollMs` (or until woken). Stops when the signal aborts,
 * after the batch in hand.
 */
export async function runWorker(
  db: Db,
  options: WorkerOptions & { signal: AbortSignal; log?: (message: string) => void },
): Promise<void> {
  const workerId = options.workerId ?? newWorkerId();
  const config = remediationConfig();
  const log = options.log ?? (() => undefined);
  let lastSweep = 0;
  const logHead = periodicAuditHeadLog();
  log(`worker ${workerId} started (batches of ${workBatchSize(db.sql.kind)}, lease ${config.leaseSeconds}s)`);
  while (!options.signal.aborted) {
    try {
      if (Date.now() - lastSweep > 5_000) {
        await sweepExpired(db, new Date());
        lastSweep = Date.now();
        await logHead(db.sql, lastSweep);
      }
      const outcome = await runOneBatch(db, { ...options, workerId });
      if (outcome) {
        // PGlite has one connection, which a batch holds: leave a gap so the
        // web requests queued meanwhile (a progress poll, a page) get through.
        if (db.sql.kind === "pglite") await idle(PGLITE_GAP_MS, options.signal);
        continue;
      }
    } catch (error) {
      log(`worker ${workerId}: batch failed, retrying later: ${(error as Error).message}`);
    }
    await idle(config.pollMs, options.signal);
  }
  log(`worker ${workerId} stopped`);
}

function idle(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}

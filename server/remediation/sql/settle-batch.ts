import type { SqlQueryable } from "../../db/driver";
import { batchCount, CLAIMABLE, type ClaimedBatch } from "./claim-batch";

/** The claimed batches are done: their lease released. */
export async function completeBatch(tx: SqlQueryable, claim: ClaimedBatch): Promise<void> {
  await tx.run(
    `UPDATE bulk_action_batches SET status = 'done', lease_owner = NULL, lease_expires_at = NULL
      WHERE bulk_action_id = $1::uuid AND batch_no BETWEEN $2 AND $3`,
    [claim.bulkActionId, claim.batchNo, claim.lastBatchNo],
  );
}

/** Back to the queue (items to retry), claimable again after `delaySeconds`. */
export async function requeueBatch(tx: SqlQueryable, claim: ClaimedBatch, delaySeconds: number): Promise<void> {
  await tx.run(
    `UPDATE bulk_action_batches SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL,
            run_after = now() + make_interval(secs => $3)
      WHERE bulk_action_id = $1::uuid AND batch_no BETWEEN $2 AND $4`,
    [claim.bulkActionId, claim.batchNo, delaySeconds, claim.lastBatchNo],
  );
}

/** A batch that failed unexpectedly: back to the queue after `delaySeconds`, if this worker still holds it. */
export async function releaseFailedBatch(
  sql: SqlQueryable,
  claim: ClaimedBatch,
  workerId: string,
  delaySeconds: number,
): Promise<void> {
  await sql.run(
    `UPDATE bulk_action_batches
        SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL, run_after = now() + make_interval(secs => $4)
      WHERE bulk_action_id = $1::uuid AND batch_no BETWEEN $2 AND $5 AND status = 'leased' AND lease_owner = $3`,
    [claim.bulkActionId, claim.batchNo, workerId, delaySeconds, claim.lastBatchNo],
  );
}

/** The heartbeat: extends the lease if this worker still holds every claimed batch; false when one was lost. */
export async function extendBatchLease(
  sql: SqlQueryable,
  claim: ClaimedBatch,
  workerId: string,
  leaseSeconds: number,
): Promise<boolean> {
  const rows = await sql.query<{ ok: number }>(
    `UPDATE bulk_action_batches SET lease_expires_at = now() + make_interval(secs => $4)
      WHERE bulk_action_id = $1::uuid AND batch_no BETWEEN $2 AND $5 AND status = 'leased' AND lease_owner = $3
      RETURNING 1 AS ok`,
    [claim.bulkActionId, claim.batchNo, workerId, leaseSeconds, claim.lastBatchNo],
  );
  return rows.length === batchCount(claim);
}

/** Whether an action whose batches workers take (claim-batch.ts) still has one not done (queued, or leased to a live or dead worker). */
export async function batchesLeft(sql: SqlQueryable): Promise<boolean> {
  const [left] = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM bulk_action_batches b JOIN bulk_actions a ON a.id = b.bulk_action_id
      WHERE ${CLAIMABLE} AND b.status <> 'done'`,
  );
  return (left?.n ?? 0) > 0;
}

/** An action's batches not yet done (queued or leased). */
export async function batchesNotDone(tx: SqlQueryable, bulkActionId: string): Promise<number> {
  const [left] = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM bulk_action_batches WHERE bulk_action_id = $1::uuid AND status <> 'done'`,
    [bulkActionId],
  );
  return Number(left?.n ?? 0);
}

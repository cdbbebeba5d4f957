import type { SqlDriver } from "../../db/driver";
import type { Row } from "../../db/rows";
import { claimRows, claimSql } from "../../jobs/claim";
import { crashPoint } from "../../jobs/crash-point";

/**
 * A leased run of consecutive batches of one action, `batchNo` to
 * `lastBatchNo` (one batch unless the worker asked for more): its items are
 * `firstSeq` to `lastSeq`, and it commits as one unit.
 */
export type ClaimedBatch = {
  bulkActionId: string;
  batchNo: number;
  lastBatchNo: number;
  firstSeq: number;
  lastSeq: number;
  attempts: number;
};

/** How many batches a claimed run holds. */
export function batchCount(claim: ClaimedBatch): number {
  return claim.lastBatchNo - claim.batchNo + 1;
}

const DUE = `b.status <> 'done'
            AND ((b.status = 'queued' AND b.run_after <= now()) OR (b.status = 'leased' AND b.lease_expires_at < now()))`;

// Batches a worker may take: those of running actions, and those a cancelled
// action left behind. A cancel marks only queued batches done whose items are
// all queued; a batch whose worker died holding it, or with items sent to the
// exchange before a failed call, is finished by whoever claims it next, who
// settles those items (sent again under the same keys) and finishes the action.
export const CLAIMABLE = "a.status IN ('running', 'cancelled')";

// One batch: the next due batch of such an action (oldest action first), or
// a batch whose lease ran out because its worker died.
const CLAIM_ONE = claimSql({
  table: "bulk_action_batches",
  alias: "b",
  keys: ["bulk_action_id", "batch_no"],
  join: "JOIN bulk_actions a ON a.id = b.bulk_action_id",
  due: `${CLAIMABLE} AND ${DUE}`,
  orderBy: "a.created_at, b.batch_no",
  limit: 1,
  set: "status = 'leased', attempts = b.attempts + 1",
  returning: "b.bulk_action_id, b.batch_no, b.first_seq, b.last_seq, b.attempts",
});

// A run: that batch, then as many of the batches after it as are due and free, up to $3, without a gap: a run
// that skipped another worker's batch would wait for its items' locks. The
// window function cannot share a SELECT with FOR UPDATE, hence the third step.
const CLAIM_RUN = `WITH first AS (
         SELECT b.bulk_action_id, b.batch_no FROM bulk_action_batches b JOIN bulk_actions a ON a.id = b.bulk_action_id
          WHERE ${CLAIMABLE} AND ${DUE}
          ORDER BY a.created_at, b.batch_no LIMIT 1 FOR UPDATE OF b SKIP LOCKED
       ), free AS (
         SELECT b.bulk_action_id, b.batch_no FROM bulk_action_batches b JOIN first f ON f.bulk_action_id = b.bulk_action_id
          WHERE b.batch_no >= f.batch_no AND b.batch_no < f.batch_no + $3 AND ${DUE}
          ORDER BY b.batch_no FOR UPDATE OF b SKIP LOCKED
       ), run AS (
         SELECT n.bulk_action_id, n.batch_no FROM (
           SELECT fr.*, fr.batch_no - f.batch_no + 1 = row_number() OVER (ORDER BY fr.batch_no) AS unbroken
             FROM free fr, first f) n
          WHERE n.unbroken
       )
       UPDATE bulk_action_batches b
          SET lease_owner = $1, lease_expires_at = now() + make_interval(secs => $2), status = 'leased', attempts = b.attempts + 1
         FROM run WHERE b.bulk_action_id = run.bulk_action_id AND b.batch_no = run.batch_no
       RETURNING b.bulk_action_id, b.batch_no, b.first_seq, b.last_seq, b.attempts`;

/** Leases the next run of up to `maxBatches` batches to this worker, in its own short transaction. */
export async function claimBatch(
  sql: SqlDriver,
  workerId: string,
  leaseSeconds: number,
  maxBatches = 1,
): Promise<ClaimedBatch | null> {
  return sql.transaction(async (tx) => {
    const rows = await claimRows<
      Row<"bulk_action_batches", "bulk_action_id" | "batch_no" | "first_seq" | "last_seq" | "attempts">
    >(tx, maxBatches > 1 ? CLAIM_RUN : CLAIM_ONE, { workerId, leaseSeconds }, maxBatches > 1 ? [maxBatches] : []);
    await crashPoint("claim");
    if (rows.length === 0) return null;
    const batchNos = rows.map((r) => r.batch_no);
    return {
      bulkActionId: rows[0]!.bulk_action_id,
      batchNo: Math.min(...batchNos),
      lastBatchNo: Math.max(...batchNos),
      firstSeq: Math.min(...rows.map((r) => r.first_seq)),
      lastSeq: Math.max(...rows.map((r) => r.last_seq)),
      attempts: Math.max(...rows.map((r) => r.attempts)),
    };
  });
}

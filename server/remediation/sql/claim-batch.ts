import type { SqlDriver } from "../../db/driver";
import type { Row } from "../../db/rows";
import { claimRows, claimSql } from "../../jobs/claim";
import { crashPoint } from "../../jobs/crash-point";

export type ClaimedBatch = {
  bulkActionId: string;
  batchNo: number;
  firstSeq: number;
  lastSeq: number;
  attempts: number;
};

// A queued batch of a running bulk action (oldest action first), or a batch
// whose lease ran out because its worker died.
const CLAIM_BATCH = claimSql({
  table: "bulk_action_batches",
  alias: "b",
  keys: ["bulk_action_id", "batch_no"],
  join: "JOIN bulk_actions a ON a.id = b.bulk_action_id",
  due: `b.status <> 'done' AND a.status = 'running'
            AND ((b.status = 'queued' AND b.run_after <= now()) OR (b.status = 'leased' AND b.lease_expires_at < now()))`,
  orderBy: "a.created_at, b.batch_no",
  limit: 1,
  set: "status = 'leased', attempts = b.attempts + 1",
  returning: "b.bulk_action_id, b.batch_no, b.first_seq, b.last_seq, b.attempts",
});

/** Leases the next batch of work to this worker, in its own short transaction. */
export async function claimBatch(sql: SqlDriver, workerId: string, leaseSeconds: number): Promise<ClaimedBatch | null> {
  return sql.transaction(async (tx) => {
    const rows = await claimRows<
      Row<"bulk_action_batches", "bulk_action_id" | "batch_no" | "first_seq" | "last_seq" | "attempts">
    >(tx, CLAIM_BATCH, { workerId, leaseSeconds });
    await crashPoint("claim");
    const row = rows[0];
    return row
      ? {
          bulkActionId: row.bulk_action_id,
          batchNo: row.batch_no,
          firstSeq: row.first_seq,
          lastSeq: row.last_seq,
          attempts: row.attempts,
        }
      : null;
  });
}

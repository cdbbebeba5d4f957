import type { SqlDriver } from "../db/driver";
import { crashPoint } from "./crash-point";

export type ClaimedBatch = {
  bulkActionId: string;
  batchNo: number;
  firstSeq: number;
  lastSeq: number;
  attempts: number;
};

/**
 * Leases the next batch of work to this worker, in its own short transaction:
 * a queued batch of a running bulk action (oldest action first), or a batch
 * whose lease ran out because its worker died. SKIP LOCKED lets any number
 * of workers claim at once without waiting for, or taking, each other's.
 */
export async function claimBatch(sql: SqlDriver, workerId: string, leaseSeconds: number): Promise<ClaimedBatch | null> {
  return sql.transaction(async (tx) => {
    const rows = await tx.query<{
      bulk_action_id: string;
      batch_no: number;
      first_seq: number;
      last_seq: number;
      attempts: number;
    }>(
      `WITH next AS (
         SELECT b.bulk_action_id, b.batch_no
           FROM bulk_action_batches b
           JOIN bulk_actions a ON a.id = b.bulk_action_id
          WHERE b.status <> 'done' AND a.status = 'running'
            AND ((b.status = 'queued' AND b.run_after <= now()) OR (b.status = 'leased' AND b.lease_expires_at < now()))
          ORDER BY a.created_at, b.batch_no
          LIMIT 1
          FOR UPDATE OF b SKIP LOCKED
       )
       UPDATE bulk_action_batches b
          SET status = 'leased', lease_owner = $1, lease_expires_at = now() + make_interval(secs => $2),
              attempts = b.attempts + 1
         FROM next
        WHERE b.bulk_action_id = next.bulk_action_id AND b.batch_no = next.batch_no
       RETURNING b.bulk_action_id, b.batch_no, b.first_seq, b.last_seq, b.attempts`,
      [workerId, leaseSeconds],
    );
    await crashPoint("claim");
    const row = rows[0];
    return row
      ? {
          bulkActionId: row.bulk_action_id,
          batchNo: Number(row.batch_no),
          firstSeq: Number(row.first_seq),
          lastSeq: Number(row.last_seq),
          attempts: Number(row.attempts),
        }
      : null;
  });
}

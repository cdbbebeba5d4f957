import type { SqlQueryable } from "../../db/driver";
import type { Column, Row } from "../../db/rows";
import { batchCount, type ClaimedBatch } from "./claim-batch";

export type BatchHeader = Row<
  "bulk_actions",
  "kind" | "incident_id" | "origin" | "release_code" | "reason" | "requested_by_id" | "total" | "status"
> & {
  /**
   * When this action's holds end: its start plus its hours, the same for every
   * batch and every attempt of one (a batch taken over must send the exchange
   * the very item it sent before, or the idempotency key no longer matches).
   */
  hold_until: Date | null;
  requested_by_email: Column<"staff_users", "email"> | null;
};

/** SQL, over a bulk_actions row `a`: when its holds end (its start plus its hours; null hours, null end). */
export function holdEndSql(a: string): string {
  return `COALESCE(${a}.started_at, ${a}.created_at) + make_interval(hours => ${a}.hold_hours)`;
}

/**
 * Locks the claimed batches if this worker still holds their lease, and reads
 * their bulk action. Null when a lease ran out and another worker took a batch over.
 */
export async function lockBatchHeader(
  tx: SqlQueryable,
  claim: ClaimedBatch,
  workerId: string,
): Promise<BatchHeader | null> {
  const held = await tx.query<BatchHeader>(
    `SELECT a.kind::text AS kind, a.incident_id::text AS incident_id, a.origin::text AS origin, a.status::text AS status,
            ${holdEndSql("a")} AS hold_until,
            a.release_code::text AS release_code, a.reason, a.requested_by_id::text AS requested_by_id,
            s.email AS requested_by_email, a.total
       FROM bulk_action_batches b
       JOIN bulk_actions a ON a.id = b.bulk_action_id
       LEFT JOIN staff_users s ON s.id = a.requested_by_id
      WHERE b.bulk_action_id = $1::uuid AND b.batch_no BETWEEN $2 AND $4 AND b.status = 'leased' AND b.lease_owner = $3
      FOR UPDATE OF b`,
    [claim.bulkActionId, claim.batchNo, workerId, claim.lastBatchNo],
  );
  return held.length === batchCount(claim) ? held[0]! : null;
}

/** After an external call: locks the batches if all still held, with their action's status now (a cancel may have come). */
export async function lockHeldBatch(
  tx: SqlQueryable,
  claim: ClaimedBatch,
  workerId: string,
): Promise<Row<"bulk_actions", "status"> | null> {
  const held = await tx.query<Row<"bulk_actions", "status">>(
    `SELECT a.status::text AS status FROM bulk_action_batches b JOIN bulk_actions a ON a.id = b.bulk_action_id
      WHERE b.bulk_action_id = $1::uuid AND b.batch_no BETWEEN $2 AND $4 AND b.status = 'leased' AND b.lease_owner = $3
      FOR UPDATE OF b`,
    [claim.bulkActionId, claim.batchNo, workerId, claim.lastBatchNo],
  );
  return held.length === batchCount(claim) ? held[0]! : null;
}

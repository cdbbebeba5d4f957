import type { SqlQueryable } from "../../db/driver";

/**
 * Moves the cursor past a batch the receiver took, and lets the destination
 * go, only while this forwarder still holds its lease and the cursor is where
 * the batch began (a forwarder that lost the lease moves nothing). Clears the
 * failures in a row and the breaker. True when it moved.
 */
export async function advanceCursor(
  tx: SqlQueryable,
  step: { destinationId: string; workerId: string; from: number; to: number; count: number },
): Promise<boolean> {
  const rows = await tx.query<{ id: string }>(
    `UPDATE audit_forward_destinations
        SET cursor_id = $4, forwarded = forwarded + $5, attempts = 0, breaker_open = false,
            last_sent_at = now(), lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
      WHERE id = $1::uuid AND lease_owner = $2 AND cursor_id = $3
      RETURNING id::text`,
    [step.destinationId, step.workerId, step.from, step.to, step.count],
  );
  return rows.length === 1;
}

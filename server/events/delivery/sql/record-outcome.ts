import type { SqlQueryable } from "../../../db/driver";

/** A delivery the receiver accepted (2xx): done; its destination's failure streak ends. */
export async function recordDelivered(tx: SqlQueryable, id: string, workerId: string, responseCode: number | null): Promise<boolean> {
  const [row] = await tx.query<{ destination_id: string }>(
    `UPDATE event_deliveries SET status = 'delivered', response_code = $3, last_error = NULL, delivered_at = now(),
            lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
      WHERE id = $1::uuid AND lease_owner = $2 AND status = 'queued'
      RETURNING destination_id::text`,
    [id, workerId, responseCode],
  );
  if (!row) return false;
  await tx.run(
    `UPDATE event_destinations SET consecutive_failures = 0, failing_since = NULL, breaker_open_until = NULL WHERE id = $1::uuid`,
    [row.destination_id],
  );
  return true;
}

/**
 * A failed attempt: queued again after `retryAfterSeconds`, or given up
 * ("failed") when it was the last one. The destination's streak grows.
 * Returns the destination's streak, or null when the delivery was no longer ours.
 */
export async function recordAttemptFailed(
  tx: SqlQueryable,
  id: string,
  workerId: string,
  failure: { responseCode: number | null; error: string; retryAfterSeconds: number; giveUp: boolean },
): Promise<{ destinationId: string; consecutiveFailures: number; failingSince: Date } | null> {
  const [row] = await tx.query<{ destination_id: string }>(
    `UPDATE event_deliveries SET status = CASE WHEN $6 THEN 'failed'::"EventDeliveryStatus" ELSE 'queued'::"EventDeliveryStatus" END,
            response_code = $3, last_error = $4, run_after = now() + make_interval(secs => $5),
            lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
      WHERE id = $1::uuid AND lease_owner = $2 AND status = 'queued'
      RETURNING destination_id::text`,
    [id, workerId, failure.responseCode, failure.error.slice(0, 1000), failure.retryAfterSeconds, failure.giveUp],
  );
  if (!row) return null;
  const [destination] = await tx.query<{ consecutive_failures: number; failing_since: Date | string }>(
    `UPDATE event_destinations SET consecutive_failures = consecutive_failures + 1, failing_since = COALESCE(failing_since, now())
      WHERE id = $1::uuid RETURNING consecutive_failures, failing_since`,
    [row.destination_id],
  );
  return {
    destinationId: row.destination_id,
    consecutiveFailures: Number(destination!.consecutive_failures),
    failingSince: new Date(destination!.failing_since),
  };
}

/** Opens a destination's breaker: no delivery to it is claimed until `seconds` have passed. */
export async function openBreaker(tx: SqlQueryable, destinationId: string, seconds: number): Promise<void> {
  await tx.run(`UPDATE event_destinations SET breaker_open_until = now() + make_interval(secs => $2) WHERE id = $1::uuid`, [
    destinationId,
    seconds,
  ]);
}

/** Disables a destination that keeps failing; true when this call did (once). */
export async function disableDestination(tx: SqlQueryable, destinationId: string, reason: string): Promise<boolean> {
  const changed = await tx.run(
    `UPDATE event_destinations SET enabled = false, disabled_reason = $2, disabled_at = now(), updated_at = now()
      WHERE id = $1::uuid AND enabled`,
    [destinationId, reason.slice(0, 1000)],
  );
  return changed > 0;
}

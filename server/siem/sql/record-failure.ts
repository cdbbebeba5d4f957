import type { SqlQueryable } from "../../db/driver";

/**
 * A batch the receiver did not take: one more failure in a row, the error,
 * the next try after `retrySeconds` (the breaker's rest when `breakerOpen`),
 * and the lease let go. Only while this forwarder holds the lease.
 */
export async function recordFailure(
  tx: SqlQueryable,
  failure: { destinationId: string; workerId: string; error: string; retrySeconds: number; breakerOpen: boolean },
): Promise<void> {
  await tx.query(
    `UPDATE audit_forward_destinations
        SET attempts = attempts + 1, last_error = $3, last_error_at = now(),
            run_after = now() + make_interval(secs => $4), breaker_open = $5,
            lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
      WHERE id = $1::uuid AND lease_owner = $2`,
    [failure.destinationId, failure.workerId, failure.error.slice(0, 500), failure.retrySeconds, failure.breakerOpen],
  );
}

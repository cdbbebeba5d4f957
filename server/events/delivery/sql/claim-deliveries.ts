import { claimSql } from "../../../jobs/claim";

/**
 * Queued deliveries whose time has come, to enabled destinations whose
 * breaker is closed, oldest first; or ones whose lease ran out (a worker died
 * mid-delivery: they are delivered again, with the same event id). Each
 * claim counts as an attempt.
 */
export const CLAIM_DELIVERIES = claimSql({
  table: "event_deliveries",
  alias: "v",
  keys: ["id"],
  join: "JOIN event_destinations d ON d.id = v.destination_id",
  due: `v.status = 'queued' AND v.run_after <= now()
            AND (v.lease_expires_at IS NULL OR v.lease_expires_at < now())
            AND d.enabled AND (d.breaker_open_until IS NULL OR d.breaker_open_until <= now())`,
  orderBy: "v.run_after, v.created_at",
  limit: "$3",
  set: "attempts = v.attempts + 1, updated_at = now()",
  returning: "v.id::text",
});

/** Whether any delivery is still due or held (a drain waits for it). */
export const DELIVERIES_LEFT = `SELECT EXISTS (
    SELECT 1 FROM event_deliveries v JOIN event_destinations d ON d.id = v.destination_id
     WHERE v.status = 'queued' AND d.enabled
       AND v.run_after <= now() AND (d.breaker_open_until IS NULL OR d.breaker_open_until <= now())
  ) AS left`;

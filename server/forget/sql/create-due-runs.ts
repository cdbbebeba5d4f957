import type { SqlQueryable } from "../../db/driver";

/**
 * The forget runs that time calls for, once per incident and step: a closed
 * incident past its pseudonymisation date, a pseudonymised one past its
 * erasure date. The incident's row is locked (FOR UPDATE: a reopen takes the
 * same lock and refuses once a run exists), and re-checked under the lock;
 * in id order, as a forget run's hand-over of security events locks incidents.
 */
export function createDueForgetRuns(tx: SqlQueryable, step: "pseudonymise" | "erase", at: Date): Promise<number> {
  const due =
    step === "pseudonymise"
      ? `i.status = 'closed' AND i.pseudonymise_at <= $1::timestamptz AND i.pseudonymised_at IS NULL`
      : `i.status = 'closed' AND i.pseudonymised_at IS NOT NULL AND i.erase_at <= $1::timestamptz AND i.erased_at IS NULL`;
  return tx.run(
    `WITH due AS (
       SELECT i.id FROM incidents i
        WHERE ${due}
          AND NOT EXISTS (SELECT 1 FROM incident_forget_runs r WHERE r.incident_id = i.id AND r.step = $2::"ForgetStep")
        ORDER BY i.id FOR UPDATE OF i
     )
     INSERT INTO incident_forget_runs (id, incident_id, step)
     SELECT gen_random_uuid(), id, $2::"ForgetStep" FROM due
     ON CONFLICT (incident_id, step) DO NOTHING`,
    [at.toISOString(), step],
  );
}

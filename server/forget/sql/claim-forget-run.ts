import type { SqlQueryable } from "../../db/driver";
import type { Row } from "../../db/rows";
import { claimSql } from "../../jobs/claim";

export type ClaimedForgetRun = Row<
  "incident_forget_runs",
  "id" | "incident_id" | "step" | "cursor" | "counts" | "audit_head_before" | "attempts"
>;

/**
 * One forget run not done: queued, or running with its lease run out (its
 * worker died: takeover) or held by this worker (its next unit). Oldest
 * first. The claim runs in the unit's own transaction, so the row stays
 * locked for the whole unit and a worker killed mid-unit leaves nothing.
 */
export const CLAIM_FORGET_RUN = claimSql({
  table: "incident_forget_runs",
  alias: "r",
  keys: ["id"],
  due: `r.status <> 'done' AND (r.lease_expires_at IS NULL OR r.lease_expires_at < now() OR r.lease_owner = $1)`,
  orderBy: "r.created_at, r.id",
  limit: 1,
  set: `status = 'running', started_at = coalesce(r.started_at, now()),
        attempts = r.attempts + CASE WHEN r.lease_owner IS DISTINCT FROM $1 THEN 1 ELSE 0 END`,
  returning: "r.id::text, r.incident_id::text, r.step::text, r.cursor, r.counts, r.audit_head_before, r.attempts",
});

/** True while a forget run is not done (a drain waits for it: a dead worker's lease runs out). */
export async function forgetRunsLeft(sql: SqlQueryable): Promise<boolean> {
  const [row] = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM incident_forget_runs WHERE status <> 'done'`,
  );
  return Number(row?.n ?? 0) > 0;
}

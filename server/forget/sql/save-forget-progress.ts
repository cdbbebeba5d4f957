import type { ForgetCounts } from "../forget-record";
import type { SqlQueryable } from "../../db/driver";

/**
 * A unit's progress, in its own transaction: where the step has got to, the
 * rows counted so far, the audit chain's head when the step began (once).
 */
export function saveForgetProgress(
  tx: SqlQueryable,
  runId: string,
  progress: { cursor: unknown; counts: ForgetCounts; auditHeadBefore: string | null },
): Promise<number> {
  return tx.run(
    `UPDATE incident_forget_runs SET cursor = $2::jsonb, counts = $3::jsonb,
            audit_head_before = coalesce(audit_head_before, $4)
      WHERE id = $1::uuid`,
    [runId, JSON.stringify(progress.cursor), JSON.stringify(progress.counts), progress.auditHeadBefore],
  );
}

/** Moves the cursor after work done outside a unit (the charts frozen), only by the worker that holds the run. */
export function saveForgetCursor(tx: SqlQueryable, runId: string, workerId: string, cursor: unknown): Promise<number> {
  return tx.run(
    `UPDATE incident_forget_runs SET cursor = $3::jsonb WHERE id = $1::uuid AND lease_owner = $2 AND status = 'running'`,
    [runId, workerId, JSON.stringify(cursor)],
  );
}

/** The step's end, in its last unit's transaction: when, and the chain's head after its own audit entry. */
export function finishForgetRun(tx: SqlQueryable, runId: string, at: Date, auditHeadAfter: string): Promise<number> {
  return tx.run(
    `UPDATE incident_forget_runs SET finished_at = $2::timestamptz, audit_head_after = $3 WHERE id = $1::uuid`,
    [runId, at.toISOString(), auditHeadAfter],
  );
}

/** Done, after the compaction: nothing of the run is left to claim. Only by the worker that holds it. */
export function markForgetRunDone(tx: SqlQueryable, runId: string, workerId: string): Promise<number> {
  return tx.run(
    `UPDATE incident_forget_runs SET status = 'done', cursor = '{}'::jsonb, lease_owner = NULL, lease_expires_at = NULL
      WHERE id = $1::uuid AND lease_owner = $2 AND status = 'running'`,
    [runId, workerId],
  );
}

/** The audit chain's head as `id:hash` (what `breachdesk audit verify --head` takes), in the caller's transaction. */
export async function auditHeadOf(tx: SqlQueryable): Promise<string> {
  const [row] = await tx.query<{ last_id: number; hash: string }>(
    `SELECT last_id, hash FROM audit_chain_head WHERE id = 1`,
  );
  return row ? `${Number(row.last_id)}:${row.hash}` : "0:";
}

/** The incident's step finished: pseudonymised_at or erased_at. */
export function markIncidentForgotten(
  tx: SqlQueryable,
  incidentId: string,
  step: "pseudonymise" | "erase",
  at: Date,
): Promise<number> {
  const column = step === "pseudonymise" ? "pseudonymised_at" : "erased_at";
  return tx.run(`UPDATE incidents SET ${column} = $2::timestamptz WHERE id = $1::uuid`, [incidentId, at.toISOString()]);
}

import type { SqlQueryable } from "../../db/driver";
import type { Row } from "../../db/rows";

export type DoneForgetRun = Row<
  "incident_forget_runs",
  "id" | "step" | "counts" | "started_at" | "audit_head_before" | "audit_head_after"
> & { finished_at: Date };

/** The incident's forget runs that are done, with what each changed. */
export function listDoneForgetRuns(sql: SqlQueryable, incidentId: string): Promise<DoneForgetRun[]> {
  return sql.query<DoneForgetRun>(
    `SELECT id::text AS id, step::text AS step, counts, started_at, finished_at, audit_head_before, audit_head_after
       FROM incident_forget_runs
      WHERE incident_id = $1::uuid AND status = 'done' AND finished_at IS NOT NULL
      ORDER BY finished_at`,
    [incidentId],
  );
}

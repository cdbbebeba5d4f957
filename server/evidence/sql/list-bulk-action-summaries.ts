import type { SqlQueryable } from "../../db/driver";
import type { Column, Row } from "../../db/rows";

export type BulkActionSummaryRow = Row<
  "bulk_actions",
  | "id"
  | "kind"
  | "origin"
  | "status"
  | "reason"
  | "hold_hours"
  | "release_code"
  | "total"
  | "skipped_at_request"
  | "succeeded"
  | "skipped"
  | "failed"
  | "cancelled"
  | "needs_approval"
  | "decision_note"
  | "created_at"
  | "decided_at"
  | "started_at"
  | "finished_at"
> & { requested_by: Column<"staff_users", "name"> | null; decided_by: Column<"staff_users", "name"> | null };

/** Every bulk and single action of the incident with its counts, oldest first; staff by name, never items. */
export function listBulkActionSummaries(sql: SqlQueryable, incidentId: string): Promise<BulkActionSummaryRow[]> {
  return sql.query<BulkActionSummaryRow>(
    `SELECT b.id::text AS id, b.kind::text AS kind, b.origin::text AS origin, b.status::text AS status, b.reason,
            b.hold_hours, b.release_code::text AS release_code, b.total, b.skipped_at_request, b.succeeded,
            b.skipped, b.failed, b.cancelled, b.needs_approval, b.decision_note, b.created_at, b.decided_at,
            b.started_at, b.finished_at, r.name AS requested_by, d.name AS decided_by
       FROM bulk_actions b
       LEFT JOIN staff_users r ON r.id = b.requested_by_id
       LEFT JOIN staff_users d ON d.id = b.decided_by_id
      WHERE b.incident_id = $1::uuid
      ORDER BY b.created_at, b.id`,
    [incidentId],
  );
}

import "server-only";
import type { ActionKind, ItemStatus } from "../../lib/remediation/actions";
import type { Db } from "../db";

export type AccountAction = {
  bulkActionId: string;
  kind: ActionKind;
  origin: "single" | "bulk" | "recommendation";
  /** The item's status; "in_progress" while a worker holds it. */
  status: ItemStatus;
  bulkStatus: string;
  reason: string;
  note: string | null;
  requestedBy: string | null;
  createdAt: Date;
  doneAt: Date | null;
  attempts: number;
  lastError: string | null;
};

/**
 * The remediation actions on an account in this incident, newest first: every
 * bulk action's item for it (a single action is a bulk action of one).
 */
export async function listAccountActions(db: Db, incidentId: string, accountId: number): Promise<AccountAction[]> {
  const rows = await db.sql.query<{
    bulk_action_id: string;
    kind: ActionKind;
    origin: AccountAction["origin"];
    status: ItemStatus;
    bulk_status: string;
    leased: boolean;
    reason: string;
    decision_note: string | null;
    requested_by: string | null;
    created_at: Date | string;
    done_at: Date | string | null;
    attempts: number;
    last_error: string | null;
  }>(
    `SELECT a.id::text AS bulk_action_id, a.kind::text AS kind, a.origin::text AS origin, i.status::text AS status,
            a.status::text AS bulk_status, a.reason, a.decision_note, coalesce(s.name, s.email) AS requested_by,
            a.created_at, i.done_at, i.attempts, i.last_error,
            EXISTS (SELECT 1 FROM bulk_action_batches b WHERE b.bulk_action_id = i.bulk_action_id AND b.status = 'leased'
                       AND i.seq BETWEEN b.first_seq AND b.last_seq) AS leased
       FROM bulk_action_items i
       JOIN bulk_actions a ON a.id = i.bulk_action_id
       LEFT JOIN staff_users s ON s.id = a.requested_by_id
      WHERE i.account_id = $2 AND a.incident_id = $1::uuid
      ORDER BY a.created_at DESC, a.id DESC
      LIMIT 100`,
    [incidentId, accountId],
  );
  return rows.map((row) => ({
    bulkActionId: row.bulk_action_id,
    kind: row.kind,
    origin: row.origin,
    status: row.status === "queued" && row.leased ? "in_progress" : row.status,
    bulkStatus: row.bulk_status,
    reason: row.reason,
    note: row.decision_note,
    requestedBy: row.requested_by,
    createdAt: new Date(row.created_at),
    doneAt: row.done_at === null ? null : new Date(row.done_at),
    attempts: Number(row.attempts),
    lastError: row.last_error,
  }));
}

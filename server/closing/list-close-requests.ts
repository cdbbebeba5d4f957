import type { Db } from "../db";

export type CloseRequestView = {
  id: string;
  status: string;
  pseudonymiseDays: number;
  eraseDays: number;
  reason: string;
  requestedById: string | null;
  requestedBy: string | null;
  decidedBy: string | null;
  decisionNote: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  decidedAt: Date | null;
};

/** An incident's close requests, newest first: the close page's history and its pending request. */
export async function listCloseRequests(db: Db, incidentId: string, limit = 20): Promise<CloseRequestView[]> {
  const rows = await db.sql.query<{
    id: string;
    status: string;
    pseudonymise_days: number;
    erase_days: number;
    reason: string;
    requested_by_id: string | null;
    requested_by: string | null;
    decided_by: string | null;
    decision_note: string | null;
    created_at: Date | string;
    expires_at: Date | string | null;
    decided_at: Date | string | null;
  }>(
    `SELECT r.id::text, r.status::text, r.pseudonymise_days, r.erase_days, r.reason, r.requested_by_id::text,
            q.name AS requested_by, d.name AS decided_by, r.decision_note, r.created_at, r.expires_at, r.decided_at
       FROM incident_close_requests r
       LEFT JOIN staff_users q ON q.id = r.requested_by_id
       LEFT JOIN staff_users d ON d.id = r.decided_by_id
      WHERE r.incident_id = $1::uuid
      ORDER BY r.created_at DESC LIMIT $2`,
    [incidentId, limit],
  );
  const date = (v: Date | string | null) => (v === null ? null : new Date(v));
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    pseudonymiseDays: Number(r.pseudonymise_days),
    eraseDays: Number(r.erase_days),
    reason: r.reason,
    requestedById: r.requested_by_id,
    requestedBy: r.requested_by,
    decidedBy: r.decided_by,
    decisionNote: r.decision_note,
    createdAt: new Date(r.created_at),
    expiresAt: date(r.expires_at),
    decidedAt: date(r.decided_at),
  }));
}

import { retentionSchedule } from "../../lib/closing/retention";
import { evaluateCloseChecklist } from "../../lib/closing/checklist";
import { appendAuditEntries } from "../audit/record-audit";
import type { SqlQueryable } from "../db/driver";
import type { LockedRequest, RequestKind } from "../jobs/four-eyes-flow";
import { assertIncidentOpen } from "./assert-incident-open";
import { recordCloseTimelineEvent, type CloseSummary } from "./close-timeline";
import { closeBlockedError } from "./close-blocked";
import { lockIncident } from "./sql/lock-incident";
import { readCloseFacts } from "./sql/read-close-facts";

type LockedClose = LockedRequest & { pseudonymise_days: number; erase_days: number };

/**
 * Approval closes the incident, in the approval's own transaction (the
 * flow calls this hook right after it set the request "running"): the
 * incident's row locked, the checklist judged again (work may have started
 * since the request), status closed, the retention schedule fixed, the
 * request completed, audited. A refusal here rolls the approval back.
 */
async function closeOnApproval(tx: SqlQueryable, row: LockedClose): Promise<void> {
  const [now] = await tx.query<{ status: string; decided_at: Date | string | null; decided_by_id: string | null; email: string | null }>(
    `SELECT r.status::text, r.decided_at, r.decided_by_id::text, s.email
       FROM incident_close_requests r LEFT JOIN staff_users s ON s.id = r.decided_by_id
      WHERE r.id = $1::uuid`,
    [row.id],
  );
  // The flow calls the hook on a cancel too; only an approval closes.
  if (!now || now.status !== "running" || !now.decided_at) return;
  const closedAt = new Date(now.decided_at);
  const incident = await lockIncident(tx, row.incident_id);
  assertIncidentOpen({ status: incident.status, closedAt: incident.closed_at });
  const checklist = evaluateCloseChecklist(await readCloseFacts(tx, row.incident_id, closedAt));
  if (!checklist.ok) throw closeBlockedError(checklist, "approved");
  const retention = { pseudonymiseDays: row.pseudonymise_days, eraseDays: row.erase_days };
  const { pseudonymiseAt, eraseAt } = retentionSchedule(closedAt, retention);
  await tx.run(
    `UPDATE incidents SET status = 'closed', closed_at = $2::timestamptz, pseudonymise_at = $3::timestamptz,
            erase_at = $4::timestamptz, updated_at = $2::timestamptz
      WHERE id = $1::uuid`,
    [row.incident_id, closedAt.toISOString(), pseudonymiseAt.toISOString(), eraseAt.toISOString()],
  );
  await tx.run(
    `UPDATE incident_close_requests SET status = 'completed', finished_at = $2::timestamptz, updated_at = $2::timestamptz
      WHERE id = $1::uuid`,
    [row.id, closedAt.toISOString()],
  );
  await appendAuditEntries(tx, [
    {
      actor: now.decided_by_id && now.email ? { id: now.decided_by_id, email: now.email } : null,
      at: closedAt,
      action: "incident.closed",
      incidentId: row.incident_id,
      targetType: "incident",
      targetId: row.incident_id,
      detail: {
        closeRequestId: row.id,
        ...retention,
        pseudonymiseAt: pseudonymiseAt.toISOString(),
        eraseAt: eraseAt.toISOString(),
      },
    },
  ]);
}

/**
 * Close requests in the work kernel's four-eyes flow
 * (server/jobs/four-eyes-flow.ts): request once per key, a different person
 * with incidents.close approves with a fresh second factor, reject, expiry by
 * the sweep. A close has no units of work: its one item is the incident, and
 * approval does it at once (closeOnApproval), so "running" never outlives the
 * approval's transaction and nothing is left to cancel or finish.
 */
export const closeRequests: RequestKind<LockedClose, CloseSummary, unknown> = {
  table: "incident_close_requests",
  statusType: "IncidentCloseStatus",
  auditTarget: "incident_close",
  noun: "close request",
  notFound: "No such close request.",
  statusWords: {
    pending_approval: "is awaiting approval",
    rejected: "was rejected",
    expired: "expired unapproved",
    running: "is being carried out",
    cancelled: "was cancelled",
    completed: "was approved: the incident is closed",
  },
  cancellable: [],
  unitsBeforeRequest: false,
  cancelledUnitsKey: "cancelled",
  async lock(tx, id, incidentId) {
    const [row] = await tx.query<LockedClose>(
      `SELECT id::text, incident_id::text, status::text, requested_by_id::text, requested_by_token_id::text, expires_at,
              pseudonymise_days, erase_days
         FROM incident_close_requests
        WHERE id = $1::uuid ${incidentId ? "AND incident_id = $2::uuid" : ""} FOR UPDATE`,
      incidentId ? [id, incidentId] : [id],
    );
    return row ? { ...row, pseudonymise_days: Number(row.pseudonymise_days), erase_days: Number(row.erase_days) } : null;
  },
  summary: (row) => ({
    id: row.id,
    incidentId: row.incident_id,
    pseudonymiseDays: row.pseudonymise_days,
    eraseDays: row.erase_days,
  }),
  milestone: recordCloseTimelineEvent,
  decisionDetail: (row) => ({ pseudonymiseDays: row.pseudonymise_days, eraseDays: row.erase_days }),
  cancelUnits: async () => 0,
  unitsInHand: async () => 0,
  statusChanged: closeOnApproval,
};

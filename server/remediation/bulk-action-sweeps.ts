import { ACCOUNT_AUDIT_TARGET } from "../accounts/list-account-audit";
import { appendAuditEntries } from "../audit/record-audit";
import type { Db } from "../db";
import { expirySweep } from "../jobs/four-eyes-flow";
import type { Sweep } from "../jobs/sweeps";
import { bulkActionRequests } from "./bulk-action-requests";
import { addActiveHolds, holdsEnded } from "../incidents/refresh-incident-stats";

/** Bulk requests nobody approved in time: expired, on the timeline and in the audit log. */
const expireBulkRequests = expirySweep("approvals", bulkActionRequests);

/** Holds whose expiry has passed: expired, audited per account. */
const expireHolds: Sweep = {
  name: "holds",
  run: (db: Db, at: Date) =>
    db.sql.transaction(async (tx) => {
      const ended = await tx.query<{
        id: string;
        incident_id: string;
        account_id: number;
        expires_at: Date | string;
        marked: boolean;
      }>(
        `WITH ended AS (
           UPDATE withdrawal_holds SET status = 'expired', ended_at = expires_at
            WHERE status = 'active' AND expires_at <= $1::timestamptz
            RETURNING id, incident_id, account_id, expires_at
         ), marked AS (
           UPDATE account_remediation ar SET hold_status = 'expired', hold_changed_at = e.expires_at, updated_at = $1::timestamptz
             FROM ended e WHERE ar.incident_id = e.incident_id AND ar.account_id = e.account_id AND ar.hold_id = e.id
                            AND ar.hold_status = 'active'
           RETURNING ar.hold_id
         )
         SELECT e.id::text, e.incident_id::text, e.account_id, e.expires_at, m.hold_id IS NOT NULL AS marked
           FROM ended e LEFT JOIN marked m ON m.hold_id = e.id`,
        [at.toISOString()],
      );
      await addActiveHolds(tx, holdsEnded(ended.filter((hold) => hold.marked)));
      await appendAuditEntries(
        tx,
        ended.map((hold) => ({
          actor: null,
          at,
          action: "remediation.withdrawal_hold_expired",
          incidentId: hold.incident_id,
          targetType: ACCOUNT_AUDIT_TARGET,
          targetId: String(hold.account_id),
          detail: { holdId: hold.id, expiredAt: new Date(hold.expires_at).toISOString() },
        })),
      );
      return ended.length;
    }),
};

/**
 * Bulk actions the exchange's circuit breaker paused, once their cool-down is
 * over: running again (the breaker is half-open; one more failure pauses
 * them again).
 */
const resumeAfterBreaker: Sweep = {
  name: "resumed",
  run: (db: Db, at: Date) =>
    db.sql.transaction(async (tx) => {
      const resumed = await tx.query<{ id: string; incident_id: string }>(
        `UPDATE bulk_actions SET status = 'running', pause_reason = NULL, auto_resume_at = NULL, updated_at = $1::timestamptz
          WHERE status = 'paused' AND auto_resume_at <= $1::timestamptz
          RETURNING id::text, incident_id::text`,
        [at.toISOString()],
      );
      await appendAuditEntries(
        tx,
        resumed.map((bulk) => ({
          actor: null,
          at,
          action: "bulk_action.resumed_after_breaker",
          incidentId: bulk.incident_id,
          targetType: "bulk_action",
          targetId: bulk.id,
        })),
      );
      return resumed.length;
    }),
};

/** What time ends for bulk actions, in this order; each row changes once, under its row lock. */
export const bulkActionSweeps: readonly Sweep[] = [expireBulkRequests, expireHolds, resumeAfterBreaker];

import type { ActionKind } from "../../lib/remediation/actions";
import { ACCOUNT_AUDIT_TARGET } from "../accounts/list-account-audit";
import type { AuditEntry } from "../audit/record-audit";
import type { SqlQueryable } from "../db/driver";

// No "server-only" here: the worker process (outside Next) records batches.

/**
 * The exchange's webhook can overtake Breachdesk's own record of an effect:
 * the customer sets a new password, or the exchange releases a hold, between
 * the exchange's act and our commit (milliseconds; minutes after a timeout or
 * a breaker pause). Such an event was stored then with `no_reset` or
 * `no_hold` (nothing to change yet). Recording the effect applies it now, if
 * it happened at or after the exchange applied the effect (its appliedAt,
 * the same clock as the event's occurredAt), and marks it `applied_late`:
 * the Exchange page lists those. The earliest such event of an account wins.
 *
 * Runs in the transaction that records the batch; returns its audit entries.
 */
export async function applyLateWebhookEvents(
  tx: SqlQueryable,
  incidentId: string,
  kind: ActionKind,
  accountIds: readonly number[],
  at: Date,
): Promise<AuditEntry[]> {
  if (accountIds.length === 0 || kind === "hold_release") return [];
  // Almost always none: one cheap look on the (account, outcome) index first,
  // so a batch pays for the full statement only when an event waits.
  const [waiting] = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM exchange_webhook_events
       WHERE account_id = ANY($1::int[]) AND outcome = $2 LIMIT 1) w`,
    [accountIds, kind === "password_reset" ? "no_reset" : "no_hold"],
  );
  if (!Number(waiting?.n)) return [];
  const iso = at.toISOString();
  if (kind === "password_reset") {
    const rows = await tx.query<{ account_id: number; event_id: string; occurred_at: Date | string }>(
      `WITH late AS (
         SELECT DISTINCT ON (e.account_id) e.account_id, e.event_id, e.occurred_at
           FROM exchange_webhook_events e
           JOIN account_remediation ar ON ar.incident_id = $1::uuid AND ar.account_id = e.account_id
          WHERE e.account_id = ANY($2::int[]) AND e.outcome = 'no_reset' AND e.type = 'password_reset.completed'
            AND ar.reset_status = 'sent' AND e.occurred_at >= coalesce(ar.reset_applied_at, ar.reset_sent_at)
          ORDER BY e.account_id, e.occurred_at, e.event_id
       ), done AS (
         UPDATE account_remediation ar SET reset_status = 'completed', reset_completed_at = l.occurred_at, updated_at = $3::timestamptz
           FROM late l WHERE ar.incident_id = $1::uuid AND ar.account_id = l.account_id
         RETURNING ar.account_id
       )
       UPDATE exchange_webhook_events e SET outcome = 'applied_late'
         FROM late l JOIN done d ON d.account_id = l.account_id
        WHERE e.event_id = l.event_id
       RETURNING l.account_id, l.event_id, l.occurred_at`,
      [incidentId, accountIds, iso],
    );
    return rows.map((row) => ({
      actor: null,
      at,
      action: "remediation.password_reset_completed",
      incidentId,
      targetType: ACCOUNT_AUDIT_TARGET,
      targetId: String(row.account_id),
      detail: {
        reportedBy: "exchange",
        eventId: row.event_id,
        completedAt: new Date(row.occurred_at).toISOString(),
        appliedLate: true,
      },
    }));
  }
  const rows = await tx.query<{ account_id: number; event_id: string; type: string; hold_id: string }>(
    `WITH late AS (
       SELECT DISTINCT ON (e.account_id) e.account_id, e.event_id, e.type, e.occurred_at, w.id AS hold_id
         FROM exchange_webhook_events e
         JOIN account_remediation ar ON ar.incident_id = $1::uuid AND ar.account_id = e.account_id
         JOIN withdrawal_holds w ON w.id = ar.hold_id
        WHERE e.account_id = ANY($2::int[]) AND e.outcome = 'no_hold'
          AND e.type IN ('withdrawal_hold.released', 'withdrawal_hold.ended')
          AND ar.hold_status = 'active' AND w.status = 'active'
          AND e.occurred_at >= coalesce(w.exchange_placed_at, w.placed_at)
        ORDER BY e.account_id, e.occurred_at, e.event_id
     ), held AS (
       UPDATE withdrawal_holds w
          SET status = CASE WHEN l.type = 'withdrawal_hold.released' THEN 'released' ELSE 'expired' END::"HoldState",
              ended_at = l.occurred_at, exchange_ended_at = l.occurred_at,
              release_code = CASE WHEN l.type = 'withdrawal_hold.released' THEN 'other'::"HoldReleaseCode" END,
              release_note = CASE WHEN l.type = 'withdrawal_hold.released'
                                  THEN 'Released on the exchange''s side (event ' || l.event_id || ', received before the hold was recorded)' END
         FROM late l WHERE w.id = l.hold_id
       RETURNING w.id, w.status
     ), state AS (
       UPDATE account_remediation ar SET hold_status = h.status, hold_changed_at = l.occurred_at, updated_at = $3::timestamptz
         FROM late l JOIN held h ON h.id = l.hold_id
        WHERE ar.incident_id = $1::uuid AND ar.account_id = l.account_id
       RETURNING ar.account_id
     )
     UPDATE exchange_webhook_events e SET outcome = 'applied_late'
       FROM late l JOIN state s ON s.account_id = l.account_id
      WHERE e.event_id = l.event_id
     RETURNING l.account_id, l.event_id, l.type, l.hold_id::text AS hold_id`,
    [incidentId, accountIds, iso],
  );
  return rows.map((row) => ({
    actor: null,
    at,
    action:
      row.type === "withdrawal_hold.released"
        ? "remediation.withdrawal_hold_released_by_exchange"
        : "remediation.withdrawal_hold_ended_by_exchange",
    incidentId,
    targetType: ACCOUNT_AUDIT_TARGET,
    targetId: String(row.account_id),
    detail: { holdId: row.hold_id, eventId: row.event_id, appliedLate: true },
  }));
}

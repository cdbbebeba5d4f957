import type { SqlQueryable } from "../db/driver";
import { AppError } from "../errors";

/**
 * Bcc'd recipients were not disclosed to anyone, so they count as neither
 * leaked nor matched.
 *
 * Recomputes an incident's maintained summary (incident_stats) in one
 * set-based statement. Call it, inside the same transaction, from any code
 * that changes what it counts, so that pages read one row instead of
 * aggregating the recipient and action tables on every request. Exposed
 * addresses, matched accounts and accounts changed after T0 are counted on
 * the triage rows (one per exposed address, with its events after T0), so
 * callers rebuild those first.
 */
export async function refreshIncidentStats(sql: SqlQueryable, incidentId: string): Promise<void> {
  const rows = await sql.query<{ incident_id: string }>(
    `WITH incident AS (
       SELECT id, aware_at FROM incidents WHERE id = $1
     ), recipients AS (
       SELECT (SELECT count(*) FROM leaked_recipients WHERE incident_id = $1 AND visibility <> 'bcc') AS leaked_recipients,
              count(*) AS unique_addresses,
              -- One triage row per address and one address per account (the
              -- directory's normalised mailboxes are unique): no DISTINCT.
              count(account_id) AS matched_accounts,
              -- The triage features count exactly these events after T0:
              -- password, 2FA, e-mail and withdrawal-address changes.
              count(*) FILTER (WHERE account_id IS NOT NULL AND (password_changed_at IS NOT NULL
                                 OR security_changes > 0 OR withdrawal_changes > 0)) AS changed_after_t0
         FROM triage_entries WHERE incident_id = $1
     ), actions AS (
       -- Work items of this incident's bulk actions (a single action is a
       -- bulk action of one): approved and still to run, and done. A request
       -- awaiting approval is not an open action yet.
       SELECT count(*) FILTER (WHERE i.status IN ('queued', 'in_progress')
                                 AND a.status IN ('running', 'paused')) AS open_actions,
              count(*) FILTER (WHERE i.status = 'succeeded') AS completed_actions
         FROM bulk_action_items i JOIN bulk_actions a ON a.id = i.bulk_action_id
        WHERE a.incident_id = $1
     )
     INSERT INTO incident_stats AS s (
       incident_id, leaked_recipients, unique_addresses, matched_accounts, messages,
       open_actions, completed_actions, active_holds, changed_after_t0, updated_at
     )
     SELECT i.id, r.leaked_recipients, r.unique_addresses, r.matched_accounts,
            (SELECT count(*) FROM leak_messages WHERE incident_id = $1),
            a.open_actions, a.completed_actions,
            (SELECT count(*) FROM account_remediation
              WHERE incident_id = $1 AND hold_status = 'active' AND (hold_until IS NULL OR hold_until > now())),
            r.changed_after_t0, now()
       FROM incident i, recipients r, actions a
     ON CONFLICT (incident_id) DO UPDATE SET
       leaked_recipients = excluded.leaked_recipients,
       unique_addresses = excluded.unique_addresses,
       matched_accounts = excluded.matched_accounts,
       messages = excluded.messages,
       open_actions = excluded.open_actions,
       completed_actions = excluded.completed_actions,
       active_holds = excluded.active_holds,
       changed_after_t0 = excluded.changed_after_t0,
       updated_at = excluded.updated_at
     RETURNING s.incident_id`,
    [incidentId],
  );
  if (rows.length === 0) throw new AppError("NOT_FOUND", `Incident ${incidentId} does not exist.`);
}

import "server-only";
import type { SqlQueryable } from "../db/driver";
import { HOURS_SINCE } from "./count-remediation-status";

/**
 * Security events after T0 on the incident's exposed accounts (the events the
 * risk rules read: every kind feeds one), per hour after T0, split by whether
 * the account had already been actioned when the event happened: did the
 * resets and holds come before the attackers?
 */
export async function countTakeoverAttemptsByHour(
  sql: SqlQueryable,
  incident: { id: string; awareAt: Date },
): Promise<{ hour: number; beforeAction: number; afterAction: number }[]> {
  const rows = await sql.query<{ hour: number; before_action: number; after_action: number }>(
    `SELECT ${HOURS_SINCE("e.occurred_at")} AS hour,
            (count(*) FILTER (WHERE ar.first_action_at IS NULL OR ar.first_action_at > e.occurred_at))::int AS before_action,
            (count(*) FILTER (WHERE ar.first_action_at <= e.occurred_at))::int AS after_action
       FROM triage_entries t
       JOIN security_events e ON e.account_id = t.account_id AND e.occurred_at > $2::timestamptz
       LEFT JOIN account_remediation ar ON ar.incident_id = t.incident_id AND ar.account_id = t.account_id
      WHERE t.incident_id = $1::uuid AND t.account_id IS NOT NULL AND t.events_after_t0 > 0
      GROUP BY 1`,
    [incident.id, incident.awareAt.toISOString()],
  );
  return rows.map((r) => ({
    hour: Number(r.hour),
    beforeAction: Number(r.before_action),
    afterAction: Number(r.after_action),
  }));
}

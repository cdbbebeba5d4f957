import "server-only";
import type { SqlQueryable } from "../db/driver";
import { HOURS_SINCE } from "./count-remediation-status";

export type ActionSeries = "reset" | "completed" | "hold" | "release" | "hold_end";
export type HourCount = { hour: number; n: number };

/**
 * Remediation per hour after T0: resets forced (each account is reset once),
 * resets completed by customers, holds placed, holds released by staff, and
 * holds ended by any means (released, or expired: a hold whose end has passed
 * counts as ended then, even before the sweep records it).
 */
export async function countActionsByHour(
  sql: SqlQueryable,
  incident: { id: string; awareAt: Date },
  now: Date,
): Promise<Record<ActionSeries, HourCount[]>> {
  const rows = await sql.query<{ series: ActionSeries; hour: number; n: number }>(
    `SELECT 'reset' AS series, ${HOURS_SINCE("coalesce(ar.reset_sent_at, ar.reset_requested_at)")} AS hour, count(*)::int AS n
       FROM account_remediation ar
      WHERE ar.incident_id = $1::uuid AND ar.reset_status <> 'none'
        AND coalesce(ar.reset_sent_at, ar.reset_requested_at) IS NOT NULL
      GROUP BY 2
     UNION ALL
     SELECT 'completed', ${HOURS_SINCE("ar.reset_completed_at")}, count(*)::int
       FROM account_remediation ar
      WHERE ar.incident_id = $1::uuid AND ar.reset_status = 'completed' AND ar.reset_completed_at IS NOT NULL
      GROUP BY 2
     UNION ALL
     SELECT 'hold', ${HOURS_SINCE("h.placed_at")}, count(*)::int
       FROM withdrawal_holds h WHERE h.incident_id = $1::uuid
      GROUP BY 2
     UNION ALL
     SELECT 'release', ${HOURS_SINCE("h.ended_at")}, count(*)::int
       FROM withdrawal_holds h WHERE h.incident_id = $1::uuid AND h.status = 'released' AND h.ended_at IS NOT NULL
      GROUP BY 2
     UNION ALL
     SELECT 'hold_end', ${HOURS_SINCE("coalesce(h.ended_at, h.expires_at)")}, count(*)::int
       FROM withdrawal_holds h
      WHERE h.incident_id = $1::uuid
        AND (h.ended_at IS NOT NULL OR (h.expires_at IS NOT NULL AND h.expires_at <= $3::timestamptz))
      GROUP BY 2`,
    [incident.id, incident.awareAt.toISOString(), now.toISOString()],
  );
  const out: Record<ActionSeries, HourCount[]> = { reset: [], completed: [], hold: [], release: [], hold_end: [] };
  for (const row of rows) out[row.series].push({ hour: Number(row.hour), n: Number(row.n) });
  return out;
}

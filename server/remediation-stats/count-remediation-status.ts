import "server-only";
import type { StatusGroup } from "../../lib/remediation-charts/derive";
import type { SqlQueryable } from "../db/driver";

const HOURS_SINCE = (column: string) => `floor(extract(epoch FROM (${column} - $2::timestamptz)) / 3600)::int`;

/**
 * The incident's exposed addresses grouped by tier, matched or not, reset and
 * hold state, and the hour after T0 of their first action: one pass over the
 * triage rows and their remediation, from which the headline numbers, the
 * funnel, the status by tier, the burn-down and the time to first action are
 * all derived (lib/remediation-charts/derive.ts). The reset and hold states
 * are read exactly as the triage table's Action filter reads them, so each
 * number equals the row count of the filter it links to.
 */
export async function countRemediationStatus(
  sql: SqlQueryable,
  incident: { id: string; awareAt: Date },
): Promise<StatusGroup[]> {
  const rows = await sql.query<{
    tier: StatusGroup["tier"];
    matched: boolean;
    reset: StatusGroup["reset"];
    hold: StatusGroup["hold"];
    hour: number | null;
    n: number;
    events: number;
    attempted: number;
  }>(
    `SELECT t.risk_tier::text AS tier,
            t.account_id IS NOT NULL AS matched,
            coalesce(ar.reset_status::text, 'none') AS reset,
            coalesce(ar.hold_status::text, 'none') AS hold,
            ${HOURS_SINCE("ar.first_action_at")} AS hour,
            count(*)::int AS n,
            coalesce(sum(t.events_after_t0), 0)::int AS events,
            (count(*) FILTER (WHERE t.events_after_t0 > 0))::int AS attempted
       FROM triage_entries t
       LEFT JOIN account_remediation ar ON ar.incident_id = t.incident_id AND ar.account_id = t.account_id
      WHERE t.incident_id = $1::uuid
      GROUP BY 1, 2, 3, 4, 5`,
    [incident.id, incident.awareAt.toISOString()],
  );
  return rows.map((r) => ({
    ...r,
    hour: r.hour === null ? null : Number(r.hour),
    n: Number(r.n),
    events: Number(r.events),
    attempted: Number(r.attempted),
  }));
}

export { HOURS_SINCE };

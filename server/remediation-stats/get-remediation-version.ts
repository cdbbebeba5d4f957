import "server-only";
import type { Db } from "../db";
import { preparedSql, type SqlQueryable } from "../db/driver";

/** The stored data's shape: a new one makes every stored snapshot stale. */
const DATA_FORMAT = "f2";

/** Changes the charts read but no bulk action records (a customer completing a reset, the sweep expiring a hold, time passing) show within this. */
const VERSION_SLOT_MINUTES = 10;

/** The version of charts stored for good: computed once before an incident's rows are erased, served ever after. */
export const FROZEN_CHART_VERSION = "frozen";

const REMEDIATION_VERSION = preparedSql(
  "remediation-version",
  `SELECT count(*)::int AS n,
            coalesce(sum(b.succeeded + b.skipped + b.failed + b.cancelled), 0)::bigint::text AS done,
            max(b.updated_at)::text AS updated,
            (count(*) FILTER (WHERE b.status IN ('running', 'paused')))::int AS running,
            (SELECT s.updated_at::text FROM incident_stats s WHERE s.incident_id = $1::uuid) AS stats,
            (SELECT count(*) || ':' || coalesce(sum(e.current_version), 0) || ':' || count(e.retracted_at)
               FROM timeline_events e WHERE e.incident_id = $1::uuid AND e.milestone IS NOT NULL) AS milestones,
            (SELECT i.erased_at IS NOT NULL FROM incidents i WHERE i.id = $1::uuid) AS erased
       FROM bulk_actions b
      WHERE b.incident_id = $1::uuid`,
);

/**
 * A cheap fingerprint of what the remediation page shows, for its poll and
 * its stored snapshot: it changes whenever a bulk action (single actions
 * included) is requested, decided, makes progress or finishes, an import
 * refreshes the incident's numbers, a milestone is recorded, edited or
 * retracted, and every VERSION_SLOT_MINUTES (the hold expiries ahead, and
 * changes made outside bulk actions). Read through indexes on incident (bulk
 * actions, milestones) and the maintained incident numbers, never from the
 * million rows behind them.
 */
export async function getRemediationVersion(
  sql: SqlQueryable,
  incidentId: string,
  now = new Date(),
): Promise<{ version: string; running: number }> {
  const [row] = await sql.query<{
    n: number;
    done: string;
    updated: string | null;
    running: number;
    stats: string | null;
    milestones: string;
    erased: boolean | null;
  }>(REMEDIATION_VERSION, [incidentId]);
  // An erased incident's charts never change again: one version, so the page's poll stays quiet.
  if (row?.erased) return { version: FROZEN_CHART_VERSION, running: 0 };
  const slot = Math.floor(now.getTime() / (VERSION_SLOT_MINUTES * 60_000));
  const r = row ?? { n: 0, done: "0", updated: null, running: 0, stats: null, milestones: "" };
  return {
    version: [DATA_FORMAT, r.n, r.done, r.updated ?? "", r.stats ?? "", r.milestones, slot].join("|"),
    running: Number(r.running),
  };
}

/** getRemediationVersion for callers holding the database handle (the polling route). */
export function getIncidentRemediationVersion(db: Db, incidentId: string): Promise<{ version: string; running: number }> {
  return getRemediationVersion(db.sql, incidentId);
}

import "server-only";
import type { SqlQueryable } from "../db/driver";

/**
 * A cheap fingerprint of the incident's remediation, for the page's poll: it
 * changes whenever a bulk action (single actions included) is requested,
 * decided, makes progress or finishes, and whenever a customer completes a
 * reset. Read from the bulk actions (an index on incident) and the maintained
 * incident numbers, never from the million rows behind them.
 */
export async function getRemediationVersion(sql: SqlQueryable, incidentId: string): Promise<{ version: string; running: number }> {
  const [row] = await sql.query<{ n: number; done: number; updated: string | null; running: number; stats: string | null }>(
    `SELECT count(*)::int AS n,
            coalesce(sum(b.succeeded + b.skipped + b.failed + b.cancelled), 0)::bigint::text AS done,
            max(b.updated_at)::text AS updated,
            (count(*) FILTER (WHERE b.status IN ('running', 'paused')))::int AS running,
            (SELECT s.updated_at::text FROM incident_stats s WHERE s.incident_id = $1::uuid) AS stats
       FROM bulk_actions b
      WHERE b.incident_id = $1::uuid`,
    [incidentId],
  );
  const r = row ?? { n: 0, done: "0", updated: null, running: 0, stats: null };
  return { version: [r.n, r.done, r.updated ?? "", r.stats ?? ""].join("|"), running: Number(r.running) };
}

import "server-only";
import { assertIncidentOpen } from "../closing/assert-incident-open";
import type { Db } from "../db";
import type { Operation } from "./operation";

/**
 * A closed incident is read-only through the API as in the app: a POST with
 * side effects on it (named by the path's {slug}, or by a bulk action's
 * {id}) is refused with INCIDENT_CLOSED (409) before it runs, unless the
 * operation is meant for a closed incident (reopening).
 */
export async function assertOperationIncidentOpen(db: Db, operation: Operation, params: object): Promise<void> {
  if (operation.method !== "POST" || operation.retry === "no-side-effect" || operation.closedIncident === "allowed") return;
  const { slug, id } = params as { slug?: unknown; id?: unknown };
  const incidentSql =
    typeof slug === "string"
      ? { text: `SELECT status::text, closed_at FROM incidents WHERE slug = $1`, value: slug }
      : typeof id === "string" && operation.path.startsWith("/bulk-actions/")
        ? {
            text: `SELECT i.status::text, i.closed_at FROM bulk_actions b JOIN incidents i ON i.id = b.incident_id WHERE b.id = $1::uuid`,
            value: id,
          }
        : null;
  if (!incidentSql) return;
  const [incident] = await db.sql.query<{ status: string; closed_at: Date | string | null }>(incidentSql.text, [
    incidentSql.value,
  ]);
  // What names nothing is the operation's own NOT_FOUND to give.
  if (incident) assertIncidentOpen({ status: incident.status, closedAt: incident.closed_at });
}

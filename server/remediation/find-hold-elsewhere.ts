import type { SqlQueryable } from "../db/driver";
import { ON_ITS_WAY } from "./skip-reason-sql";

/** The hold another incident has on an account's withdrawals (the exchange keeps one per account). */
export type HoldElsewhere = {
  incident: { slug: string; title: string; closed: boolean };
  /** When it ends; null: until released. */
  until: Date | null;
  /** On its way to the exchange (ON_ITS_WAY), not yet recorded. */
  pending: boolean;
};

/**
 * Which other incident holds the account, as heldElsewhereSql decides it, for
 * the account page: a hold here is skipped while that one lasts, and whoever
 * wanted one needs to know whose it is and when it ends.
 */
export async function findHoldElsewhere(
  sql: SqlQueryable,
  incidentId: string,
  accountId: number,
  now: Date,
): Promise<HoldElsewhere | null> {
  const [row] = await sql.query<{ slug: string; title: string; status: string; until: Date | null; pending: boolean }>(
    `SELECT i.slug, i.title, i.status::text AS status, h.until, h.pending FROM (
       (SELECT o.incident_id, o.expires_at AS until, false AS pending FROM withdrawal_holds o
         WHERE o.account_id = $2 AND o.incident_id <> $1::uuid AND o.status = 'active'
           AND (o.expires_at IS NULL OR o.expires_at > $3::timestamptz)
         ORDER BY o.expires_at DESC NULLS FIRST LIMIT 1)
       UNION ALL
       (SELECT oa.incident_id, COALESCE(oa.started_at, oa.created_at) + make_interval(hours => oa.hold_hours), true
          FROM bulk_action_items oi JOIN bulk_actions oa ON oa.id = oi.bulk_action_id
         WHERE oi.account_id = $2 AND ${ON_ITS_WAY} AND oa.kind = 'withdrawal_hold' AND oa.incident_id <> $1::uuid
         LIMIT 1)
     ) h JOIN incidents i ON i.id = h.incident_id
     ORDER BY h.pending LIMIT 1`,
    [incidentId, accountId, now.toISOString()],
  );
  if (!row) return null;
  return {
    incident: { slug: row.slug, title: row.title, closed: row.status === "closed" },
    until: row.until === null ? null : new Date(row.until),
    pending: row.pending,
  };
}

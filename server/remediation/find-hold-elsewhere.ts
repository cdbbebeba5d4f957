import type { SqlQueryable } from "../db/driver";
import { activeHoldElsewhereSql, holdOnItsWayElsewhereSql } from "./skip-reason-sql";
import { holdEndSql } from "./sql/lock-batch";

/** The hold another incident has on an account's withdrawals (the exchange keeps one per account). */
export type HoldElsewhere = {
  incident: { slug: string; title: string; closed: boolean };
  /** When it ends; null: until released. */
  until: Date | null;
  /** On its way to the exchange (sent, not settled), not yet recorded. */
  pending: boolean;
};

/**
 * Which other incident holds the account, by heldElsewhereSql's two tests, for
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
         WHERE ${activeHoldElsewhereSql("$2", "$1", "$3")}
         ORDER BY o.expires_at DESC NULLS FIRST LIMIT 1)
       UNION ALL
       (SELECT oa.incident_id, ${holdEndSql("oa")}, true
          FROM bulk_action_items oi JOIN bulk_actions oa ON oa.id = oi.bulk_action_id
         WHERE ${holdOnItsWayElsewhereSql("$2", "$1")}
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

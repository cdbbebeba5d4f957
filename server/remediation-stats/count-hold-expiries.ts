import "server-only";
import type { SqlQueryable } from "../db/driver";

const EXPIRY_DAYS_AHEAD = 14;

/**
 * Active holds that will end by themselves: how many per day over the next
 * EXPIRY_DAYS_AHEAD days (day 0 is the next 24 hours), how many later, and
 * how many hold until released by hand.
 */
export async function countHoldExpiries(
  sql: SqlQueryable,
  incidentId: string,
  now: Date,
): Promise<{ perDay: { day: number; n: number }[]; later: number; indefinite: number }> {
  const rows = await sql.query<{ day: number | null; n: number }>(
    `SELECT CASE WHEN h.expires_at IS NULL THEN NULL
                 ELSE least(floor(extract(epoch FROM (h.expires_at - $2::timestamptz)) / 86400), $3)::int END AS day,
            count(*)::int AS n
       FROM withdrawal_holds h
      WHERE h.incident_id = $1::uuid AND h.status = 'active'
        AND (h.expires_at IS NULL OR h.expires_at > $2::timestamptz)
      GROUP BY 1`,
    [incidentId, now.toISOString(), EXPIRY_DAYS_AHEAD],
  );
  let later = 0;
  let indefinite = 0;
  const perDay: { day: number; n: number }[] = [];
  for (const row of rows) {
    const n = Number(row.n);
    if (row.day === null) indefinite += n;
    else if (Number(row.day) >= EXPIRY_DAYS_AHEAD) later += n;
    else perDay.push({ day: Number(row.day), n });
  }
  return { perDay, later, indefinite };
}

import type { Db } from "../db";
import { memoUntilStatsMove, type IncidentVersion } from "./memo-until-stats-move";

export type MessageExposure = {
  batchKey: string;
  sentAt: string | null;
  recipients: number;
  matched: number;
};

/**
 * Recipients per exposing message, matched vs not: one row per message (tens
 * to thousands), aggregated in the database so the chart gets plain numbers.
 * It scans every recipient of the incident (7 ms at 23,000, far more at a
 * million) and only imports change it, so the overview remembers it until
 * the incident's stats move.
 */
export const getExposureByMessage: (db: Db, incident: IncidentVersion) => Promise<MessageExposure[]> =
  memoUntilStatsMove(countExposureByMessage);

async function countExposureByMessage(db: Db, incidentId: string): Promise<MessageExposure[]> {
  const rows = await db.sql.query<{ batch_key: string; sent_at: Date | null; recipients: number; matched: number }>(
    // One pass over the incident's recipients, grouped by message: a
    // subquery per message would scan them all once per message (the key
    // leads with the address, not the message).
    `SELECT m.batch_key, m.sent_at, m.recipient_count AS recipients, coalesce(c.matched, 0)::int AS matched
       FROM leak_messages m
       LEFT JOIN (SELECT r.message_id, count(*) FILTER (WHERE r.account_id IS NOT NULL) AS matched
                    FROM leaked_recipients r
                   WHERE r.incident_id = $1
                   GROUP BY r.message_id) c ON c.message_id = m.id
      WHERE m.incident_id = $1
      ORDER BY m.sent_at NULLS LAST, m.batch_key
      LIMIT 500`,
    [incidentId],
  );
  return rows.map((row) => ({
    // Trimmed: the group of rows without a batch id is stored as " unbatched" (server/imports/recipient-stage.ts).
    batchKey: row.batch_key.trim(),
    sentAt: row.sent_at ? new Date(row.sent_at).toISOString() : null,
    recipients: Number(row.recipients),
    matched: Number(row.matched),
  }));
}

import type { Db } from "../db";

export type MessageExposure = {
  batchKey: string;
  sentAt: string | null;
  recipients: number;
  matched: number;
};

/**
 * Recipients per exposing message, matched vs not: one row per message (tens
 * to thousands), aggregated in the database so the chart gets plain numbers.
 */
export async function getExposureByMessage(db: Db, incidentId: string): Promise<MessageExposure[]> {
  const rows = await db.sql.query<{ batch_key: string; sent_at: Date | null; recipients: number; matched: number }>(
    `SELECT m.batch_key, m.sent_at, m.recipient_count AS recipients,
            (SELECT count(*) FROM leaked_recipients r
              WHERE r.message_id = m.id AND r.account_id IS NOT NULL)::int AS matched
       FROM leak_messages m
      WHERE m.incident_id = $1
      ORDER BY m.sent_at NULLS LAST, m.batch_key
      LIMIT 500`,
    [incidentId],
  );
  return rows.map((row) => ({
    batchKey: row.batch_key,
    sentAt: row.sent_at ? new Date(row.sent_at).toISOString() : null,
    recipients: Number(row.recipients),
    matched: Number(row.matched),
  }));
}

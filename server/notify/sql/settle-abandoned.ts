import type { SqlQueryable } from "../../db/driver";

/** With the idempotent outbox: "sending" messages whose sender's lease ran out are queued again. Returns how many. */
export function requeueAbandonedSends(sql: SqlQueryable): Promise<number> {
  return sql.run(
    `UPDATE notice_messages SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL
      WHERE status = 'sending' AND lease_expires_at < now()`,
  );
}

type InDoubtMessage = { campaign_id: string; account_id: number; message_id: string; incident_id: string };

/** Over SMTP: "sending" messages whose sender's lease ran out become in doubt, for a person to check. */
export function markAbandonedInDoubt(tx: SqlQueryable, at: Date): Promise<InDoubtMessage[]> {
  return tx.query<InDoubtMessage>(
    `WITH d AS (
       UPDATE notice_messages SET status = 'in_doubt', lease_owner = NULL, lease_expires_at = NULL, done_at = $1::timestamptz,
              last_response = 'The sender stopped after handing this message to the relay and before recording its answer: check the relay''s log for this Message-ID.'
        WHERE status = 'sending' AND lease_expires_at < now()
        RETURNING campaign_id, account_id, message_id
     )
     SELECT d.campaign_id::text, d.account_id, d.message_id, k.incident_id::text FROM d JOIN notice_campaigns k ON k.id = d.campaign_id`,
    [at.toISOString()],
  );
}

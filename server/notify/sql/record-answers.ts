import type { SqlQueryable } from "../../db/driver";

type NoticeAnswer = { campaign_id: string; seq: number; status: string; response: string; run_after: string };
type RecordedAnswer = {
  campaign_id: string;
  seq: number;
  account_id: number;
  status: string;
  message_id: string;
  attempts: number;
};

/**
 * Records each message's answer (sent, deferred until `run_after`, bounced,
 * failed) and releases its lease, if this sender still holds it. A message
 * that was never marked "sending" (it could not be built) counts its attempt
 * here. Returns the messages it recorded.
 */
export function recordAnswers(
  tx: SqlQueryable,
  senderId: string,
  answers: readonly NoticeAnswer[],
  at: Date,
): Promise<RecordedAnswer[]> {
  return tx.query<RecordedAnswer>(
    `UPDATE notice_messages m
        SET status = u.status::"NoticeMessageStatus", last_response = u.response, lease_owner = NULL, lease_expires_at = NULL,
            run_after = CASE WHEN u.status = 'deferred' THEN u.run_after ELSE m.run_after END,
            done_at = CASE WHEN u.status = 'deferred' THEN NULL ELSE $6::timestamptz END,
            attempts = CASE WHEN m.status = 'sending' THEN m.attempts ELSE m.attempts + 1 END
       FROM unnest($2::uuid[], $3::int[], $4::text[], $5::text[], $7::timestamptz[]) AS u(campaign_id, seq, status, response, run_after)
      WHERE m.campaign_id = u.campaign_id AND m.seq = u.seq AND m.lease_owner = $1
        AND m.status IN ('sending', 'queued', 'deferred')
      RETURNING m.campaign_id::text, m.seq, m.account_id, m.status::text AS status, m.message_id, m.attempts`,
    [
      senderId,
      answers.map((a) => a.campaign_id),
      answers.map((a) => a.seq),
      answers.map((a) => a.status),
      answers.map((a) => a.response),
      at.toISOString(),
      answers.map((a) => a.run_after),
    ],
  );
}

import type { SqlQueryable } from "../../db/driver";
import { pseudonymSql, redactSql, unitArgs, type UnitParams } from "./pseudonym-sql";

/** Where a keyed walk stopped: the last key done (no address in it). */
export type MessageKey = { campaign: string; seq: number };

/**
 * The next `limit` notice messages of the incident's campaigns after `after`
 * (campaign, seq): the recipient becomes its pseudonym, addresses in the
 * server's last answer are removed. Returns the rows and the last key.
 */
export async function pseudonymiseNoticeMessages(
  tx: SqlQueryable,
  p: UnitParams & { after: MessageKey | null },
): Promise<{ changed: number; last: MessageKey | null }> {
  const rows = await tx.query<{ campaign_id: string; seq: number }>(
    `WITH batch AS (
       SELECT m.campaign_id, m.seq FROM notice_messages m JOIN notice_campaigns k ON k.id = m.campaign_id
        WHERE k.incident_id = $1::uuid AND (m.campaign_id, m.seq) > ($5::uuid, $6::int)
        ORDER BY m.campaign_id, m.seq LIMIT $4
     )
     UPDATE notice_messages m
        SET recipient = ${pseudonymSql("m.recipient")}, last_response = ${redactSql("m.last_response")}
       FROM batch b
      WHERE m.campaign_id = b.campaign_id AND m.seq = b.seq
     RETURNING m.campaign_id::text, m.seq`,
    [...unitArgs(p), p.after?.campaign ?? "00000000-0000-0000-0000-000000000000", p.after?.seq ?? -1],
  );
  const last = rows.reduce<MessageKey | null>((max, r) => {
    const key = { campaign: r.campaign_id, seq: Number(r.seq) };
    if (!max || key.campaign > max.campaign || (key.campaign === max.campaign && key.seq > max.seq)) return key;
    return max;
  }, null);
  return { changed: rows.length, last };
}

/**
 * The next `limit` messages of the incident's local outbox after id `after`:
 * the recipient becomes its pseudonym, the stored message (headers and body,
 * addressed and personalised) is emptied, addresses in the subject removed.
 */
export async function pseudonymiseOutbox(
  tx: SqlQueryable,
  p: UnitParams & { after: string | null },
): Promise<{ changed: number; last: string | null }> {
  const rows = await tx.query<{ id: string }>(
    `WITH batch AS (
       SELECT id FROM notice_outbox WHERE incident_id = $1::uuid AND id > $5::bigint ORDER BY id LIMIT $4
     )
     UPDATE notice_outbox o
        SET recipient = ${pseudonymSql("o.recipient")}, raw = '', subject = ${redactSql("o.subject")}
       FROM batch b WHERE o.id = b.id
     RETURNING o.id::text`,
    [...unitArgs(p), p.after ?? "0"],
  );
  const last = rows.reduce<bigint | null>((max, r) => (max === null || BigInt(r.id) > max ? BigInt(r.id) : max), null);
  return { changed: rows.length, last: last === null ? null : last.toString() };
}

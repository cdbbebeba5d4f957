import type { SqlQueryable } from "../../db/driver";

// Erasure: the pseudonymised rows of the incident go, `limit` at a time
// (each unit one transaction). What stays is what counts them: the
// incident's maintained numbers, the timeline, the obligations, the bulk
// actions' and campaigns' summaries, the stored chart data, the audit log.

/** The incident's leaked-recipient rows on pages [from, to). */
export function eraseRecipients(tx: SqlQueryable, incidentId: string, tids: [string, string]): Promise<number> {
  return tx.run(`DELETE FROM leaked_recipients WHERE incident_id = $1::uuid AND ctid >= $2::tid AND ctid < $3::tid`, [
    incidentId,
    ...tids,
  ]);
}

/** The incident's triage rows on pages [from, to). */
export function eraseTriage(tx: SqlQueryable, incidentId: string, tids: [string, string]): Promise<number> {
  return tx.run(`DELETE FROM triage_entries WHERE incident_id = $1::uuid AND ctid >= $2::tid AND ctid < $3::tid`, [
    incidentId,
    ...tids,
  ]);
}

/** The next `limit` notice messages of the incident's campaigns after (campaign, seq) `after` (the campaigns' counts stay). */
export async function eraseNoticeMessages(
  tx: SqlQueryable,
  incidentId: string,
  limit: number,
  after: { campaign: string; seq: number } | null,
): Promise<{ changed: number; last: { campaign: string; seq: number } | null }> {
  const rows = await tx.query<{ campaign_id: string; seq: number }>(
    `WITH batch AS (
       SELECT m.campaign_id, m.seq FROM notice_messages m JOIN notice_campaigns k ON k.id = m.campaign_id
        WHERE k.incident_id = $1::uuid AND (m.campaign_id, m.seq) > ($3::uuid, $4::int)
        ORDER BY m.campaign_id, m.seq LIMIT $2
     )
     DELETE FROM notice_messages m USING batch b WHERE m.campaign_id = b.campaign_id AND m.seq = b.seq
     RETURNING m.campaign_id::text, m.seq`,
    [incidentId, limit, after?.campaign ?? "00000000-0000-0000-0000-000000000000", after?.seq ?? -1],
  );
  const last = rows.reduce<{ campaign: string; seq: number } | null>((max, r) => {
    const key = { campaign: r.campaign_id, seq: Number(r.seq) };
    return !max || key.campaign > max.campaign || (key.campaign === max.campaign && key.seq > max.seq) ? key : max;
  }, null);
  return { changed: rows.length, last };
}

/** The next `limit` messages of the incident's local outbox after id `after`. */
export async function eraseOutbox(
  tx: SqlQueryable,
  incidentId: string,
  limit: number,
  after: string | null,
): Promise<{ changed: number; last: string | null }> {
  const rows = await tx.query<{ id: string }>(
    `DELETE FROM notice_outbox o USING (
       SELECT id FROM notice_outbox WHERE incident_id = $1::uuid AND id > $3::bigint ORDER BY id LIMIT $2
     ) b WHERE o.id = b.id
     RETURNING o.id::text`,
    [incidentId, limit, after ?? "0"],
  );
  const last = rows.reduce<bigint | null>((max, r) => (max === null || BigInt(r.id) > max ? BigInt(r.id) : max), null);
  return { changed: rows.length, last: last === null ? null : last.toString() };
}

/** The incident's rows on pages [from, to) of a table with one row per account (notes, security events, remediation, holds). */
export function eraseIncidentRows(
  tx: SqlQueryable,
  table: "account_notes" | "security_events" | "account_remediation" | "withdrawal_holds",
  incidentId: string,
  tids: [string, string],
): Promise<number> {
  return tx.run(`DELETE FROM ${table} WHERE incident_id = $1::uuid AND ctid >= $2::tid AND ctid < $3::tid`, [
    incidentId,
    ...tids,
  ]);
}

/** Items (accounts) of the incident's bulk actions on pages [from, to) (the actions' counts stay). */
export function eraseBulkActionItems(tx: SqlQueryable, incidentId: string, tids: [string, string]): Promise<number> {
  return tx.run(
    `DELETE FROM bulk_action_items
      WHERE ctid >= $2::tid AND ctid < $3::tid AND bulk_action_id IN (SELECT id FROM bulk_actions WHERE incident_id = $1::uuid)`,
    [incidentId, ...tids],
  );
}

/** The incident's imports' rejected lines. */
export function eraseImportRejects(tx: SqlQueryable, incidentId: string, limit: number): Promise<number> {
  return tx.run(
    `DELETE FROM import_rejects r USING (
       SELECT r.id FROM import_rejects r JOIN import_jobs j ON j.id = r.import_id WHERE j.incident_id = $1::uuid LIMIT $2
     ) b WHERE r.id = b.id`,
    [incidentId, limit],
  );
}

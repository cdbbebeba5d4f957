import type { SqlQueryable } from "../../db/driver";

// Erasure: the pseudonymised rows of the incident go, `limit` at a time
// (each unit one transaction). What stays is what counts them: the
// incident's maintained numbers, the timeline, the obligations, the bulk
// actions' and campaigns' summaries, the stored chart data, the audit log.

/** The next `limit` leaked-recipient rows. */
export function eraseRecipients(tx: SqlQueryable, incidentId: string, limit: number): Promise<number> {
  return tx.run(
    `DELETE FROM leaked_recipients r USING (
       SELECT email_normalized, message_id FROM leaked_recipients WHERE incident_id = $1::uuid LIMIT $2
     ) b
      WHERE r.incident_id = $1::uuid AND r.email_normalized = b.email_normalized AND r.message_id = b.message_id`,
    [incidentId, limit],
  );
}

/** The next `limit` triage rows. */
export function eraseTriage(tx: SqlQueryable, incidentId: string, limit: number): Promise<number> {
  return tx.run(
    `DELETE FROM triage_entries t USING (
       SELECT email_normalized FROM triage_entries WHERE incident_id = $1::uuid LIMIT $2
     ) b
      WHERE t.incident_id = $1::uuid AND t.email_normalized = b.email_normalized`,
    [incidentId, limit],
  );
}

/** The next `limit` notice messages of the incident's campaigns (the campaigns' counts stay). */
export function eraseNoticeMessages(tx: SqlQueryable, incidentId: string, limit: number): Promise<number> {
  return tx.run(
    `DELETE FROM notice_messages m USING (
       SELECT m.campaign_id, m.seq FROM notice_messages m JOIN notice_campaigns k ON k.id = m.campaign_id
        WHERE k.incident_id = $1::uuid LIMIT $2
     ) b
      WHERE m.campaign_id = b.campaign_id AND m.seq = b.seq`,
    [incidentId, limit],
  );
}

/** The next `limit` messages of the incident's local outbox. */
export function eraseOutbox(tx: SqlQueryable, incidentId: string, limit: number): Promise<number> {
  return tx.run(
    `DELETE FROM notice_outbox o USING (SELECT id FROM notice_outbox WHERE incident_id = $1::uuid LIMIT $2) b WHERE o.id = b.id`,
    [incidentId, limit],
  );
}

/** The next `limit` per-account rows of one incident-scoped table (notes, security events, remediation, holds). */
export function eraseIncidentRows(
  tx: SqlQueryable,
  table: "account_notes" | "security_events" | "account_remediation" | "withdrawal_holds",
  incidentId: string,
  limit: number,
): Promise<number> {
  return tx.run(
    `DELETE FROM ${table} x USING (SELECT ctid FROM ${table} WHERE incident_id = $1::uuid LIMIT $2) b WHERE x.ctid = b.ctid`,
    [incidentId, limit],
  );
}

/** The next `limit` items (accounts) of the incident's bulk actions (the actions' counts stay). */
export function eraseBulkActionItems(tx: SqlQueryable, incidentId: string, limit: number): Promise<number> {
  return tx.run(
    `DELETE FROM bulk_action_items i USING (
       SELECT i.bulk_action_id, i.seq FROM bulk_action_items i JOIN bulk_actions a ON a.id = i.bulk_action_id
        WHERE a.incident_id = $1::uuid LIMIT $2
     ) b
      WHERE i.bulk_action_id = b.bulk_action_id AND i.seq = b.seq`,
    [incidentId, limit],
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

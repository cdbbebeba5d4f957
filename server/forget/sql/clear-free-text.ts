import type { SqlQueryable } from "../../db/driver";
import { carriesAddressSql, redactSql } from "./pseudonym-sql";

// Free text of the incident that may carry personal data. Text written about
// a customer (an account note, an imported security event's detail, a
// rejected line of an import) is emptied; text of the response itself
// (reasons, decision notes, the audience filter) keeps its words and loses
// only the addresses in it. Each statement touches one incident's few rows.

/** Account notes: the text goes, the note (who, when, its ticket) stays. */
export function clearAccountNotes(tx: SqlQueryable, incidentId: string): Promise<number> {
  return tx.run(`UPDATE account_notes SET body = '' WHERE incident_id = $1::uuid AND body <> ''`, [incidentId]);
}

/** Security events imported for the incident: their free-text detail and source IP address go. */
export function clearSecurityEventDetails(tx: SqlQueryable, incidentId: string): Promise<number> {
  return tx.run(
    `UPDATE security_events SET detail = NULL, ip = NULL WHERE incident_id = $1::uuid AND (detail IS NOT NULL OR ip IS NOT NULL)`,
    [incidentId],
  );
}

/** The incident's imports' rejected lines (raw source text) and the addresses in their reasons. */
export function clearImportRejects(tx: SqlQueryable, incidentId: string): Promise<number> {
  return tx.run(
    `UPDATE import_rejects r SET raw = '', reason = ${redactSql("r.reason")}
       FROM import_jobs j WHERE j.id = r.import_id AND j.incident_id = $1::uuid AND (r.raw <> '' OR ${carriesAddressSql("r.reason")})`,
    [incidentId],
  );
}

/** Addresses in the incident's imports' file names and errors. */
export function redactImportJobs(tx: SqlQueryable, incidentId: string): Promise<number> {
  return tx.run(
    `UPDATE import_jobs SET file_name = ${redactSql("file_name")}, error = ${redactSql("error")}
      WHERE incident_id = $1::uuid AND (${carriesAddressSql("file_name")} OR ${carriesAddressSql("error")})`,
    [incidentId],
  );
}

/** Addresses in bulk actions' reasons, decision notes and recorded selections (a search, a file's rows). */
export function redactBulkActions(tx: SqlQueryable, incidentId: string): Promise<number> {
  return tx.run(
    `UPDATE bulk_actions SET reason = ${redactSql("reason")}, decision_note = ${redactSql("decision_note")},
            selection = ${redactSql("selection::text")}::jsonb
      WHERE incident_id = $1::uuid
        AND (${carriesAddressSql("reason")} OR ${carriesAddressSql("decision_note")} OR ${carriesAddressSql("selection::text")})`,
    [incidentId],
  );
}

/** Addresses in withdrawal holds' reasons and release notes. */
export function redactHolds(tx: SqlQueryable, incidentId: string): Promise<number> {
  return tx.run(
    `UPDATE withdrawal_holds SET reason = ${redactSql("reason")}, release_note = ${redactSql("release_note")}
      WHERE incident_id = $1::uuid AND (${carriesAddressSql("reason")} OR ${carriesAddressSql("release_note")})`,
    [incidentId],
  );
}

/** Addresses in campaigns' audience filters (a search for one customer) and decision notes. */
export function redactCampaigns(tx: SqlQueryable, incidentId: string): Promise<number> {
  return tx.run(
    `UPDATE notice_campaigns SET audience = ${redactSql("audience")}, decision_note = ${redactSql("decision_note")}
      WHERE incident_id = $1::uuid AND (${carriesAddressSql("audience")} OR ${carriesAddressSql("decision_note")})`,
    [incidentId],
  );
}

/** Addresses in the subjects of the leaked messages (a personalised subject line). */
export function redactLeakMessages(tx: SqlQueryable, incidentId: string): Promise<number> {
  return tx.run(
    `UPDATE leak_messages SET subject = ${redactSql("subject")}
      WHERE incident_id = $1::uuid AND ${carriesAddressSql("subject")}`,
    [incidentId],
  );
}

/**
 * Addresses in the incident's timeline, every version (text people wrote by
 * hand; the app's own events never carry one): the record of the response
 * stays, the addresses in it go.
 */
export function redactTimeline(tx: SqlQueryable, incidentId: string): Promise<number> {
  return tx.run(
    `UPDATE timeline_event_versions v SET title = ${redactSql("v.title")}, body = ${redactSql("v.body")},
            change_note = ${redactSql("v.change_note")}
       FROM timeline_events e
      WHERE e.id = v.event_id AND e.incident_id = $1::uuid
        AND (${carriesAddressSql("v.title")} OR ${carriesAddressSql("v.body")} OR ${carriesAddressSql("v.change_note")})`,
    [incidentId],
  );
}

/** Addresses in the obligations' notes and the report's own text (Art. 33(3) fields). */
export async function redactObligationsAndReport(tx: SqlQueryable, incidentId: string): Promise<number> {
  const [row] = await tx.query<{ n: number }>(
    `WITH obligations AS (
       UPDATE notification_obligations SET met_note = ${redactSql("met_note")}
        WHERE incident_id = $1::uuid AND ${carriesAddressSql("met_note")} RETURNING 1
     ), report AS (
       UPDATE incident_report_details SET nature_of_breach = ${redactSql("nature_of_breach")},
              data_categories = ${redactSql("data_categories")}, likely_consequences = ${redactSql("likely_consequences")},
              measures_taken = ${redactSql("measures_taken")}
        WHERE incident_id = $1::uuid
          AND (${carriesAddressSql("nature_of_breach")} OR ${carriesAddressSql("data_categories")}
               OR ${carriesAddressSql("likely_consequences")} OR ${carriesAddressSql("measures_taken")})
        RETURNING 1
     )
     SELECT ((SELECT count(*) FROM obligations) + (SELECT count(*) FROM report))::int AS n`,
    [incidentId],
  );
  return Number(row?.n ?? 0);
}

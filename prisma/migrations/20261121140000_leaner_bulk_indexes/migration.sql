-- DropIndex
DROP INDEX "leaked_recipients_incident_id_account_id_idx";

-- DropIndex
DROP INDEX "triage_entries_incident_id_external_id_idx";


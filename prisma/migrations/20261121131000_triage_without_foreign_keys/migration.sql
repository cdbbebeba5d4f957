-- DropForeignKey
ALTER TABLE "triage_entries" DROP CONSTRAINT "triage_entries_incident_id_fkey";

-- DropForeignKey
ALTER TABLE "triage_entries" DROP CONSTRAINT "triage_entries_account_id_fkey";


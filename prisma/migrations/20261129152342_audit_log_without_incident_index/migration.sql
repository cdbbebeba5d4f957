-- DropIndex
DROP INDEX "audit_log_incident_id_at_idx";


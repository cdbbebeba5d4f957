-- The Audit log page's filters: target, actor, action and time, each indexed
-- so that a filtered newest-first page stays an index read at a million entries.
DROP INDEX "audit_log_target_type_target_id_idx";
CREATE INDEX "audit_log_target_type_target_id_id_idx" ON "audit_log"("target_type", "target_id", "id");
CREATE INDEX "audit_log_actor_email_id_idx" ON "audit_log"("actor_email", "id");
CREATE INDEX "audit_log_action_id_idx" ON "audit_log"("action", "id");
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

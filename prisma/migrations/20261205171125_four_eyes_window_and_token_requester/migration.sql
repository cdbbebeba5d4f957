-- AlterTable
ALTER TABLE "bulk_actions" ADD COLUMN     "requested_by_token_id" UUID;

-- AlterTable
ALTER TABLE "notice_campaigns" ADD COLUMN     "requested_by_token_id" UUID;

-- CreateIndex
CREATE INDEX "bulk_actions_incident_id_requested_by_id_kind_created_at_idx" ON "bulk_actions"("incident_id", "requested_by_id", "kind", "created_at");

-- CreateIndex
CREATE INDEX "bulk_actions_requested_by_token_id_created_at_idx" ON "bulk_actions"("requested_by_token_id", "created_at");

-- CreateIndex
CREATE INDEX "notice_campaigns_incident_id_requested_by_id_created_at_idx" ON "notice_campaigns"("incident_id", "requested_by_id", "created_at");

-- CreateIndex
CREATE INDEX "notice_campaigns_requested_by_token_id_created_at_idx" ON "notice_campaigns"("requested_by_token_id", "created_at");


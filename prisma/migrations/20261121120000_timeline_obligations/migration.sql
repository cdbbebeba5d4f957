-- DropIndex
DROP INDEX "timeline_events_incident_id_occurred_at_idx";

-- AlterTable
ALTER TABLE "timeline_events" ADD COLUMN     "api_token_id" UUID,
ADD COLUMN     "external_id" TEXT,
ADD COLUMN     "retracted_by_id" UUID;

-- AlterTable
ALTER TABLE "timeline_event_versions" ADD COLUMN     "category" "TimelineCategory",
ADD COLUMN     "change_note" TEXT,
ADD COLUMN     "milestone" "TimelineMilestone",
ADD COLUMN     "occurred_at" TIMESTAMPTZ(3),
ADD COLUMN     "time_zone" TEXT;

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "scopes" TEXT[],
    "incident_id" UUID,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_obligations" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "authority" TEXT NOT NULL DEFAULT '',
    "due_at" TIMESTAMPTZ(3) NOT NULL,
    "met_by_milestone" "TimelineMilestone",
    "met_at" TIMESTAMPTZ(3),
    "met_note" TEXT,
    "met_by_id" UUID,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_obligations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_report_details" (
    "incident_id" UUID NOT NULL,
    "nature_of_breach" TEXT,
    "data_categories" TEXT,
    "approx_subjects" INTEGER,
    "approx_records" INTEGER,
    "likely_consequences" TEXT,
    "measures_taken" TEXT,
    "updated_by_id" UUID,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "incident_report_details_pkey" PRIMARY KEY ("incident_id")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "api_tokens_incident_id_idx" ON "api_tokens"("incident_id");

-- CreateIndex
CREATE INDEX "notification_obligations_incident_id_due_at_idx" ON "notification_obligations"("incident_id", "due_at");

-- CreateIndex
CREATE INDEX "timeline_events_incident_id_occurred_at_id_idx" ON "timeline_events"("incident_id", "occurred_at", "id");

-- CreateIndex
CREATE INDEX "timeline_events_incident_id_milestone_idx" ON "timeline_events"("incident_id", "milestone");

-- CreateIndex
CREATE UNIQUE INDEX "timeline_events_incident_id_external_id_key" ON "timeline_events"("incident_id", "external_id");

-- AddForeignKey
ALTER TABLE "timeline_events" ADD CONSTRAINT "timeline_events_retracted_by_id_fkey" FOREIGN KEY ("retracted_by_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "timeline_events" ADD CONSTRAINT "timeline_events_api_token_id_fkey" FOREIGN KEY ("api_token_id") REFERENCES "api_tokens"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_obligations" ADD CONSTRAINT "notification_obligations_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_obligations" ADD CONSTRAINT "notification_obligations_met_by_id_fkey" FOREIGN KEY ("met_by_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notification_obligations" ADD CONSTRAINT "notification_obligations_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_report_details" ADD CONSTRAINT "incident_report_details_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_report_details" ADD CONSTRAINT "incident_report_details_updated_by_id_fkey" FOREIGN KEY ("updated_by_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;


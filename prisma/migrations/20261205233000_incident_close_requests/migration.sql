-- CreateEnum
CREATE TYPE "IncidentCloseStatus" AS ENUM ('pending_approval', 'rejected', 'expired', 'running', 'cancelled', 'completed');

-- CreateTable
CREATE TABLE "incident_close_requests" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "status" "IncidentCloseStatus" NOT NULL,
    "pseudonymise_days" INTEGER NOT NULL,
    "erase_days" INTEGER NOT NULL,
    "reason" TEXT NOT NULL DEFAULT '',
    "total" INTEGER NOT NULL DEFAULT 1,
    "skipped_at_request" JSONB NOT NULL DEFAULT '{}',
    "cancelled" INTEGER NOT NULL DEFAULT 0,
    "needs_approval" BOOLEAN NOT NULL DEFAULT true,
    "requested_by_id" UUID,
    "requested_by_token_id" UUID,
    "decided_by_id" UUID,
    "decision_note" TEXT,
    "request_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "decided_at" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incident_close_requests_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "incident_close_requests_incident_id_created_at_idx" ON "incident_close_requests"("incident_id", "created_at");

-- CreateIndex
CREATE INDEX "incident_close_requests_status_idx" ON "incident_close_requests"("status");

-- CreateIndex
CREATE UNIQUE INDEX "incident_close_requests_requested_by_id_request_key_key" ON "incident_close_requests"("requested_by_id", "request_key");

-- AddForeignKey
ALTER TABLE "incident_close_requests" ADD CONSTRAINT "incident_close_requests_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;


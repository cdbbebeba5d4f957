-- CreateEnum
CREATE TYPE "ForgetStep" AS ENUM ('pseudonymise', 'erase');

-- AlterTable
ALTER TABLE "incidents" ADD COLUMN     "closed_at" TIMESTAMPTZ(3),
ADD COLUMN     "erase_at" TIMESTAMPTZ(3),
ADD COLUMN     "erased_at" TIMESTAMPTZ(3),
ADD COLUMN     "pseudonymise_at" TIMESTAMPTZ(3),
ADD COLUMN     "pseudonymised_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "incident_forget_runs" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "step" "ForgetStep" NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "cursor" JSONB NOT NULL DEFAULT '{}',
    "counts" JSONB NOT NULL DEFAULT '{}',
    "lease_owner" TEXT,
    "lease_expires_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "audit_head_before" TEXT,
    "audit_head_after" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "incident_forget_runs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "incident_forget_runs_status_lease_expires_at_idx" ON "incident_forget_runs"("status", "lease_expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "incident_forget_runs_incident_id_step_key" ON "incident_forget_runs"("incident_id", "step");

-- AddForeignKey
ALTER TABLE "incident_forget_runs" ADD CONSTRAINT "incident_forget_runs_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;


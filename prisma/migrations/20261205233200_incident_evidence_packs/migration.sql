-- CreateEnum
CREATE TYPE "EvidencePackReason" AS ENUM ('close', 'erasure', 'on_demand');

-- CreateTable
CREATE TABLE "incident_evidence_packs" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "made_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reason" "EvidencePackReason" NOT NULL,
    "made_by_id" UUID,
    "zip" BYTEA NOT NULL,
    "bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,

    CONSTRAINT "incident_evidence_packs_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "incident_evidence_packs_incident_id_made_at_idx" ON "incident_evidence_packs"("incident_id", "made_at");

-- AddForeignKey
ALTER TABLE "incident_evidence_packs" ADD CONSTRAINT "incident_evidence_packs_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- CreateTable
CREATE TABLE "remediation_chart_snapshots" (
    "incident_id" UUID NOT NULL,
    "version" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "computed_at" TIMESTAMPTZ(3) NOT NULL,
    "compute_ms" INTEGER NOT NULL,

    CONSTRAINT "remediation_chart_snapshots_pkey" PRIMARY KEY ("incident_id")
);


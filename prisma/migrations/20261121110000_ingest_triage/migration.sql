-- CreateEnum
CREATE TYPE "ImportKind" AS ENUM ('recipients', 'messages', 'accounts', 'events');

-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('running', 'completed', 'failed');

-- CreateEnum
CREATE TYPE "RiskTier" AS ENUM ('critical', 'high', 'medium', 'low');

-- DropIndex
DROP INDEX "customer_accounts_email_normalized_idx";

-- AlterTable
ALTER TABLE "customer_accounts" ADD COLUMN     "balance_tier" TEXT;

-- CreateTable
CREATE TABLE "import_jobs" (
    "id" UUID NOT NULL,
    "incident_id" UUID,
    "kind" "ImportKind" NOT NULL,
    "status" "ImportStatus" NOT NULL DEFAULT 'running',
    "file_name" TEXT NOT NULL,
    "bytes_total" DOUBLE PRECISION,
    "bytes_read" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "phase" TEXT NOT NULL DEFAULT 'reading',
    "rows" INTEGER NOT NULL DEFAULT 0,
    "imported" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "blank_lines" INTEGER NOT NULL DEFAULT 0,
    "matched" INTEGER,
    "unmatched" INTEGER,
    "error" TEXT,
    "options" JSONB,
    "started_by_id" UUID,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "import_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "import_rejects" (
    "id" SERIAL NOT NULL,
    "import_id" UUID NOT NULL,
    "line" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "raw" TEXT NOT NULL,

    CONSTRAINT "import_rejects_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "triage_entries" (
    "id" SERIAL NOT NULL,
    "incident_id" UUID NOT NULL,
    "email_normalized" TEXT NOT NULL,
    "email_original" TEXT NOT NULL,
    "account_id" INTEGER,
    "external_id" TEXT,
    "first_message_id" INTEGER NOT NULL,
    "exposure_count" INTEGER NOT NULL,
    "seen_by" INTEGER NOT NULL,
    "two_factor_enabled" BOOLEAN,
    "balance_usd_cents" BIGINT,
    "balance_tier" TEXT,
    "country" CHAR(2),
    "events_after_t0" INTEGER NOT NULL DEFAULT 0,
    "last_event_at" TIMESTAMPTZ(3),
    "password_changed_at" TIMESTAMPTZ(3),
    "security_changes" INTEGER NOT NULL DEFAULT 0,
    "withdrawal_changes" INTEGER NOT NULL DEFAULT 0,
    "new_device_logins" INTEGER NOT NULL DEFAULT 0,
    "failed_logins" INTEGER NOT NULL DEFAULT 0,
    "api_keys_created" INTEGER NOT NULL DEFAULT 0,
    "risk_tier" "RiskTier" NOT NULL,
    "risk_sort" BIGINT NOT NULL,
    "risk_rules" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "action_status" TEXT NOT NULL DEFAULT 'none',

    CONSTRAINT "triage_entries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "import_jobs_incident_id_started_at_idx" ON "import_jobs"("incident_id", "started_at");

-- CreateIndex
CREATE INDEX "import_rejects_import_id_line_idx" ON "import_rejects"("import_id", "line");

-- CreateIndex
CREATE INDEX "triage_entries_incident_id_risk_sort_id_idx" ON "triage_entries"("incident_id", "risk_sort" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "triage_entries_incident_id_balance_usd_cents_id_idx" ON "triage_entries"("incident_id", "balance_usd_cents" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "triage_entries_incident_id_last_event_at_id_idx" ON "triage_entries"("incident_id", "last_event_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "triage_entries_incident_id_external_id_idx" ON "triage_entries"("incident_id", "external_id");

-- CreateIndex
CREATE INDEX "triage_entries_account_id_idx" ON "triage_entries"("account_id");

-- CreateIndex
CREATE UNIQUE INDEX "triage_entries_incident_id_email_normalized_key" ON "triage_entries"("incident_id", "email_normalized");

-- CreateIndex
CREATE UNIQUE INDEX "customer_accounts_email_normalized_key" ON "customer_accounts"("email_normalized");

-- AddForeignKey
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_started_by_id_fkey" FOREIGN KEY ("started_by_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "import_rejects" ADD CONSTRAINT "import_rejects_import_id_fkey" FOREIGN KEY ("import_id") REFERENCES "import_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "triage_entries" ADD CONSTRAINT "triage_entries_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "triage_entries" ADD CONSTRAINT "triage_entries_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "customer_accounts"("id") ON DELETE SET NULL ON UPDATE CASCADE;


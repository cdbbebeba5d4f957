-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "StaffRole" AS ENUM ('admin', 'security_analyst', 'support_agent', 'manager');

-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('open', 'contained', 'closed');

-- CreateEnum
CREATE TYPE "ExposureVisibility" AS ENUM ('to', 'cc', 'bcc', 'unknown');

-- CreateEnum
CREATE TYPE "SecurityEventKind" AS ENUM ('login_new_device', 'login_failed', 'password_change', 'two_factor_change', 'email_change', 'withdrawal_address_change', 'api_key_created');

-- CreateEnum
CREATE TYPE "ActionKind" AS ENUM ('password_reset', 'withdrawal_hold', 'hold_release');

-- CreateEnum
CREATE TYPE "ActionStatus" AS ENUM ('requested', 'in_progress', 'succeeded', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "BulkActionStatus" AS ENUM ('pending_approval', 'approved', 'rejected', 'running', 'completed', 'failed');

-- CreateEnum
CREATE TYPE "TimelineCategory" AS ENUM ('detection', 'containment', 'eradication', 'communication', 'remediation', 'external');

-- CreateEnum
CREATE TYPE "TimelineMilestone" AS ENUM ('leak_started', 'aware', 'contained', 'regulator_notified', 'customers_notified', 'closed');

-- CreateEnum
CREATE TYPE "TimelineSource" AS ENUM ('manual', 'system', 'api');

-- CreateTable
CREATE TABLE "staff_users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "StaffRole" NOT NULL,
    "password_hash" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "session_version" INTEGER NOT NULL DEFAULT 1,
    "last_sign_in_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "staff_users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sign_in_attempts" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "succeeded" BOOLEAN NOT NULL,
    "reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sign_in_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incidents" (
    "id" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "status" "IncidentStatus" NOT NULL DEFAULT 'open',
    "leak_started_at" TIMESTAMPTZ(3) NOT NULL,
    "aware_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "incidents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_stats" (
    "incident_id" UUID NOT NULL,
    "leaked_recipients" INTEGER NOT NULL DEFAULT 0,
    "unique_addresses" INTEGER NOT NULL DEFAULT 0,
    "matched_accounts" INTEGER NOT NULL DEFAULT 0,
    "messages" INTEGER NOT NULL DEFAULT 0,
    "open_actions" INTEGER NOT NULL DEFAULT 0,
    "completed_actions" INTEGER NOT NULL DEFAULT 0,
    "active_holds" INTEGER NOT NULL DEFAULT 0,
    "changed_after_t0" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incident_stats_pkey" PRIMARY KEY ("incident_id")
);

-- CreateTable
CREATE TABLE "customer_accounts" (
    "id" SERIAL NOT NULL,
    "external_id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "email_normalized" TEXT NOT NULL,
    "two_factor_enabled" BOOLEAN NOT NULL DEFAULT false,
    "balance_usd_cents" BIGINT NOT NULL DEFAULT 0,
    "country" CHAR(2),
    "opened_at" TIMESTAMPTZ(3),
    "last_login_at" TIMESTAMPTZ(3),
    "imported_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "leak_messages" (
    "id" SERIAL NOT NULL,
    "incident_id" UUID NOT NULL,
    "batch_key" TEXT NOT NULL,
    "subject" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "recipient_count" INTEGER NOT NULL DEFAULT 0,
    "source" TEXT NOT NULL DEFAULT 'csv',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "leak_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "leaked_recipients" (
    "id" SERIAL NOT NULL,
    "incident_id" UUID NOT NULL,
    "message_id" INTEGER NOT NULL,
    "email_original" TEXT NOT NULL,
    "email_normalized" TEXT NOT NULL,
    "display_name" TEXT,
    "visibility" "ExposureVisibility" NOT NULL DEFAULT 'to',
    "account_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "leaked_recipients_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "security_events" (
    "id" SERIAL NOT NULL,
    "incident_id" UUID,
    "account_id" INTEGER NOT NULL,
    "kind" "SecurityEventKind" NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "ip" TEXT,
    "detail" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "security_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "remediation_actions" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "account_id" INTEGER NOT NULL,
    "kind" "ActionKind" NOT NULL,
    "status" "ActionStatus" NOT NULL DEFAULT 'requested',
    "reason" TEXT,
    "idempotency_key" TEXT NOT NULL,
    "bulk_action_id" UUID,
    "requested_by_id" UUID,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "external_ref" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "remediation_actions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bulk_actions" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "kind" "ActionKind" NOT NULL,
    "status" "BulkActionStatus" NOT NULL DEFAULT 'pending_approval',
    "filter" JSONB NOT NULL,
    "account_count" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "requested_by_id" UUID,
    "approved_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decided_at" TIMESTAMPTZ(3),
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "bulk_actions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "timeline_events" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "time_zone" TEXT NOT NULL DEFAULT 'UTC',
    "category" "TimelineCategory" NOT NULL,
    "milestone" "TimelineMilestone",
    "source" "TimelineSource" NOT NULL DEFAULT 'manual',
    "current_version" INTEGER NOT NULL DEFAULT 1,
    "retracted_at" TIMESTAMPTZ(3),
    "retracted_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "timeline_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "timeline_event_versions" (
    "id" SERIAL NOT NULL,
    "event_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL DEFAULT '',
    "evidence_links" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "recorded_by_id" UUID,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "timeline_event_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" UUID,
    "actor_email" TEXT,
    "action" TEXT NOT NULL,
    "incident_id" UUID,
    "target_type" TEXT,
    "target_id" TEXT,
    "detail" JSONB,
    "ip" TEXT,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "staff_users_email_key" ON "staff_users"("email");

-- CreateIndex
CREATE INDEX "sign_in_attempts_email_created_at_idx" ON "sign_in_attempts"("email", "created_at");

-- CreateIndex
CREATE INDEX "sign_in_attempts_ip_created_at_idx" ON "sign_in_attempts"("ip", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "incidents_slug_key" ON "incidents"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "customer_accounts_external_id_key" ON "customer_accounts"("external_id");

-- CreateIndex
CREATE INDEX "customer_accounts_email_normalized_idx" ON "customer_accounts"("email_normalized");

-- CreateIndex
CREATE UNIQUE INDEX "leak_messages_incident_id_batch_key_key" ON "leak_messages"("incident_id", "batch_key");

-- CreateIndex
CREATE INDEX "leaked_recipients_incident_id_email_normalized_idx" ON "leaked_recipients"("incident_id", "email_normalized");

-- CreateIndex
CREATE INDEX "leaked_recipients_incident_id_account_id_idx" ON "leaked_recipients"("incident_id", "account_id");

-- CreateIndex
CREATE INDEX "leaked_recipients_account_id_idx" ON "leaked_recipients"("account_id");

-- CreateIndex
CREATE UNIQUE INDEX "leaked_recipients_incident_id_message_id_email_normalized_key" ON "leaked_recipients"("incident_id", "message_id", "email_normalized");

-- CreateIndex
CREATE INDEX "security_events_incident_id_occurred_at_idx" ON "security_events"("incident_id", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "security_events_account_id_kind_occurred_at_key" ON "security_events"("account_id", "kind", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "remediation_actions_idempotency_key_key" ON "remediation_actions"("idempotency_key");

-- CreateIndex
CREATE INDEX "remediation_actions_incident_id_status_idx" ON "remediation_actions"("incident_id", "status");

-- CreateIndex
CREATE INDEX "remediation_actions_account_id_created_at_idx" ON "remediation_actions"("account_id", "created_at");

-- CreateIndex
CREATE INDEX "bulk_actions_incident_id_created_at_idx" ON "bulk_actions"("incident_id", "created_at");

-- CreateIndex
CREATE INDEX "timeline_events_incident_id_occurred_at_idx" ON "timeline_events"("incident_id", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "timeline_event_versions_event_id_version_key" ON "timeline_event_versions"("event_id", "version");

-- CreateIndex
CREATE INDEX "audit_log_incident_id_at_idx" ON "audit_log"("incident_id", "at");

-- CreateIndex
CREATE INDEX "audit_log_target_type_target_id_idx" ON "audit_log"("target_type", "target_id");

-- AddForeignKey
ALTER TABLE "incident_stats" ADD CONSTRAINT "incident_stats_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "leak_messages" ADD CONSTRAINT "leak_messages_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "leaked_recipients" ADD CONSTRAINT "leaked_recipients_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "leaked_recipients" ADD CONSTRAINT "leaked_recipients_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "leak_messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "leaked_recipients" ADD CONSTRAINT "leaked_recipients_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "customer_accounts"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "security_events" ADD CONSTRAINT "security_events_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "security_events" ADD CONSTRAINT "security_events_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "customer_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "remediation_actions" ADD CONSTRAINT "remediation_actions_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "remediation_actions" ADD CONSTRAINT "remediation_actions_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "customer_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "remediation_actions" ADD CONSTRAINT "remediation_actions_bulk_action_id_fkey" FOREIGN KEY ("bulk_action_id") REFERENCES "bulk_actions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "remediation_actions" ADD CONSTRAINT "remediation_actions_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bulk_actions" ADD CONSTRAINT "bulk_actions_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bulk_actions" ADD CONSTRAINT "bulk_actions_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bulk_actions" ADD CONSTRAINT "bulk_actions_approved_by_id_fkey" FOREIGN KEY ("approved_by_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "timeline_events" ADD CONSTRAINT "timeline_events_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "timeline_event_versions" ADD CONSTRAINT "timeline_event_versions_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "timeline_events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "timeline_event_versions" ADD CONSTRAINT "timeline_event_versions_recorded_by_id_fkey" FOREIGN KEY ("recorded_by_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE SET NULL ON UPDATE CASCADE;


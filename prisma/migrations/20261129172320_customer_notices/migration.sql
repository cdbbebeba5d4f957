-- CreateEnum
CREATE TYPE "NoticeCampaignStatus" AS ENUM ('pending_approval', 'rejected', 'expired', 'running', 'paused', 'cancelled', 'completed');

-- CreateEnum
CREATE TYPE "NoticeMessageStatus" AS ENUM ('queued', 'sending', 'sent', 'deferred', 'bounced', 'failed', 'in_doubt', 'cancelled');

-- CreateTable
CREATE TABLE "notice_templates" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "subject" TEXT NOT NULL,
    "text_body" TEXT NOT NULL,
    "html_body" TEXT NOT NULL,
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notice_templates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notice_campaigns" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "template_id" UUID NOT NULL,
    "status" "NoticeCampaignStatus" NOT NULL,
    "audience" TEXT NOT NULL,
    "total" INTEGER NOT NULL,
    "skipped_at_request" JSONB NOT NULL DEFAULT '{}',
    "sent" INTEGER NOT NULL DEFAULT 0,
    "bounced" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "in_doubt" INTEGER NOT NULL DEFAULT 0,
    "cancelled" INTEGER NOT NULL DEFAULT 0,
    "needs_approval" BOOLEAN NOT NULL,
    "requested_by_id" UUID,
    "decided_by_id" UUID,
    "decision_note" TEXT,
    "request_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "decided_at" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notice_campaigns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notice_messages" (
    "campaign_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "recipient" TEXT NOT NULL,
    "message_id" TEXT NOT NULL,
    "status" "NoticeMessageStatus" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "run_after" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lease_owner" TEXT,
    "lease_expires_at" TIMESTAMPTZ(3),
    "last_response" TEXT,
    "done_at" TIMESTAMPTZ(3),

    CONSTRAINT "notice_messages_pkey" PRIMARY KEY ("campaign_id","seq")
);

-- CreateTable
CREATE TABLE "notice_outbox" (
    "id" BIGSERIAL NOT NULL,
    "incident_id" UUID NOT NULL,
    "campaign_id" UUID,
    "message_id" TEXT NOT NULL,
    "recipient" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "raw" TEXT NOT NULL,
    "test" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notice_outbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "notice_templates_incident_id_version_key" ON "notice_templates"("incident_id", "version");

-- CreateIndex
CREATE INDEX "notice_campaigns_incident_id_created_at_idx" ON "notice_campaigns"("incident_id", "created_at");

-- CreateIndex
CREATE INDEX "notice_campaigns_status_idx" ON "notice_campaigns"("status");

-- CreateIndex
CREATE UNIQUE INDEX "notice_campaigns_requested_by_id_request_key_key" ON "notice_campaigns"("requested_by_id", "request_key");

-- CreateIndex
CREATE UNIQUE INDEX "notice_messages_message_id_key" ON "notice_messages"("message_id");

-- CreateIndex
CREATE INDEX "notice_messages_account_id_idx" ON "notice_messages"("account_id");

-- CreateIndex
CREATE INDEX "notice_messages_campaign_id_status_seq_idx" ON "notice_messages"("campaign_id", "status", "seq");

-- CreateIndex
CREATE INDEX "notice_messages_status_run_after_idx" ON "notice_messages"("status", "run_after");

-- CreateIndex
CREATE UNIQUE INDEX "notice_messages_campaign_id_account_id_key" ON "notice_messages"("campaign_id", "account_id");

-- CreateIndex
CREATE UNIQUE INDEX "notice_outbox_message_id_key" ON "notice_outbox"("message_id");

-- CreateIndex
CREATE INDEX "notice_outbox_incident_id_id_idx" ON "notice_outbox"("incident_id", "id");

-- AddForeignKey
ALTER TABLE "notice_templates" ADD CONSTRAINT "notice_templates_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notice_campaigns" ADD CONSTRAINT "notice_campaigns_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "notice_campaigns" ADD CONSTRAINT "notice_campaigns_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "notice_templates"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


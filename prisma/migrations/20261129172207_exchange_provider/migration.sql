-- AlterTable
ALTER TABLE "bulk_actions" ADD COLUMN     "auto_resume_at" TIMESTAMPTZ(3),
ADD COLUMN     "pause_reason" TEXT;

-- CreateTable
CREATE TABLE "exchange_webhook_events" (
    "event_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "account_external_id" TEXT NOT NULL,
    "account_id" INTEGER,
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "outcome" TEXT NOT NULL,

    CONSTRAINT "exchange_webhook_events_pkey" PRIMARY KEY ("event_id")
);

-- CreateTable
CREATE TABLE "exchange_webhook_nonces" (
    "nonce" TEXT NOT NULL,
    "seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "exchange_webhook_nonces_pkey" PRIMARY KEY ("nonce")
);

-- CreateTable
CREATE TABLE "exchange_webhook_deliveries" (
    "id" UUID NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "accepted" BOOLEAN NOT NULL,
    "http_status" INTEGER NOT NULL,
    "reason" TEXT,
    "events" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "applied" INTEGER NOT NULL DEFAULT 0,
    "remote_ip" TEXT,

    CONSTRAINT "exchange_webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "exchange_webhook_events_received_at_idx" ON "exchange_webhook_events"("received_at");

-- CreateIndex
CREATE INDEX "exchange_webhook_nonces_seen_at_idx" ON "exchange_webhook_nonces"("seen_at");

-- CreateIndex
CREATE INDEX "exchange_webhook_deliveries_received_at_idx" ON "exchange_webhook_deliveries"("received_at");

-- CreateIndex
CREATE INDEX "exchange_webhook_deliveries_accepted_received_at_idx" ON "exchange_webhook_deliveries"("accepted", "received_at");


-- CreateEnum
CREATE TYPE "EventDestinationKind" AS ENUM ('slack', 'teams', 'webhook', 'email');

-- CreateEnum
CREATE TYPE "EventDeliveryStatus" AS ENUM ('queued', 'delivered', 'failed');

-- CreateTable
CREATE TABLE "outgoing_events" (
    "id" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "incident_id" UUID,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "outgoing_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event_destinations" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "EventDestinationKind" NOT NULL,
    "url" TEXT,
    "incident_id" UUID,
    "event_types" TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "disabled_reason" TEXT,
    "disabled_at" TIMESTAMPTZ(3),
    "secret" TEXT,
    "previous_secret" TEXT,
    "previous_secret_until" TIMESTAMPTZ(3),
    "consecutive_failures" INTEGER NOT NULL DEFAULT 0,
    "failing_since" TIMESTAMPTZ(3),
    "breaker_open_until" TIMESTAMPTZ(3),
    "created_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_destinations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "event_deliveries" (
    "id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "destination_id" UUID NOT NULL,
    "status" "EventDeliveryStatus" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "run_after" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lease_owner" TEXT,
    "lease_expires_at" TIMESTAMPTZ(3),
    "response_code" INTEGER,
    "last_error" TEXT,
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "event_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "outgoing_events_created_at_idx" ON "outgoing_events"("created_at");

-- CreateIndex
CREATE INDEX "event_deliveries_status_run_after_idx" ON "event_deliveries"("status", "run_after");

-- CreateIndex
CREATE INDEX "event_deliveries_destination_id_created_at_idx" ON "event_deliveries"("destination_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "event_deliveries_event_id_destination_id_key" ON "event_deliveries"("event_id", "destination_id");

-- AddForeignKey
ALTER TABLE "outgoing_events" ADD CONSTRAINT "outgoing_events_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_destinations" ADD CONSTRAINT "event_destinations_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_deliveries" ADD CONSTRAINT "event_deliveries_event_id_fkey" FOREIGN KEY ("event_id") REFERENCES "outgoing_events"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "event_deliveries" ADD CONSTRAINT "event_deliveries_destination_id_fkey" FOREIGN KEY ("destination_id") REFERENCES "event_destinations"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- CreateIndex
CREATE INDEX "security_events_kind_occurred_at_idx" ON "security_events"("kind", "occurred_at");


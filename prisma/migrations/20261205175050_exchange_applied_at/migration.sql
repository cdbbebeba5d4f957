-- AlterTable
ALTER TABLE "account_remediation" ADD COLUMN     "reset_applied_at" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "withdrawal_holds" ADD COLUMN     "exchange_ended_at" TIMESTAMPTZ(3),
ADD COLUMN     "exchange_placed_at" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "exchange_webhook_events_account_id_outcome_idx" ON "exchange_webhook_events"("account_id", "outcome");

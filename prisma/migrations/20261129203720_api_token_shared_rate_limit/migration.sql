-- AlterTable
ALTER TABLE "api_tokens" ADD COLUMN     "rate_checked_at" TIMESTAMPTZ(3),
ADD COLUMN     "rate_tokens" DOUBLE PRECISION;

-- CreateIndex
CREATE INDEX "idempotency_records_created_at_idx" ON "idempotency_records"("created_at");

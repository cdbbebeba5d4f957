-- AlterTable
ALTER TABLE "api_tokens" ADD COLUMN     "rate_checked_at" TIMESTAMPTZ(3),
ADD COLUMN     "rate_tokens" DOUBLE PRECISION;

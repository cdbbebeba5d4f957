-- AlterTable
ALTER TABLE "notification_obligations" ADD COLUMN     "waived_at" TIMESTAMPTZ(3),
ADD COLUMN     "waived_by_id" UUID,
ADD COLUMN     "waived_reason" TEXT;


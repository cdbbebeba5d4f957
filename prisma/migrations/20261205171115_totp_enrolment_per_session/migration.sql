-- AlterTable
ALTER TABLE "staff_users" ADD COLUMN     "totp_notice_at" TIMESTAMPTZ(3),
ADD COLUMN     "totp_pending_session_id" UUID;

-- AlterTable
ALTER TABLE "staff_sessions" ADD COLUMN     "second_factor_failures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "totp_notice_at" TIMESTAMPTZ(3);


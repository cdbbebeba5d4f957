-- AlterTable
ALTER TABLE "incident_close_requests" ADD COLUMN     "request_fingerprint" TEXT;

-- AlterTable
ALTER TABLE "bulk_actions" ADD COLUMN     "request_fingerprint" TEXT;

-- AlterTable
ALTER TABLE "notice_campaigns" ADD COLUMN     "request_fingerprint" TEXT;


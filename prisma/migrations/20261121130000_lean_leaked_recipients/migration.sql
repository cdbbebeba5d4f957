-- DropForeignKey
ALTER TABLE "leaked_recipients" DROP CONSTRAINT "leaked_recipients_incident_id_fkey";

-- DropForeignKey
ALTER TABLE "leaked_recipients" DROP CONSTRAINT "leaked_recipients_message_id_fkey";

-- DropForeignKey
ALTER TABLE "leaked_recipients" DROP CONSTRAINT "leaked_recipients_account_id_fkey";

-- DropIndex
DROP INDEX "leaked_recipients_incident_id_email_normalized_idx";

-- DropIndex
DROP INDEX "leaked_recipients_account_id_idx";

-- DropIndex
DROP INDEX "leaked_recipients_incident_id_message_id_email_normalized_key";

-- AlterTable
ALTER TABLE "leaked_recipients" DROP CONSTRAINT "leaked_recipients_pkey",
DROP COLUMN "id",
ADD CONSTRAINT "leaked_recipients_pkey" PRIMARY KEY ("incident_id", "email_normalized", "message_id");


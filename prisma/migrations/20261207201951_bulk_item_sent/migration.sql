-- AlterTable
ALTER TABLE "bulk_action_items" ADD COLUMN     "sent" BOOLEAN NOT NULL DEFAULT false;


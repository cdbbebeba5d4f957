-- AlterTable
ALTER TABLE "account_remediation" ADD COLUMN     "hold_extending_until" TIMESTAMPTZ(3);


-- AlterTable
ALTER TABLE "customer_accounts" ALTER COLUMN "balance_usd_cents" DROP NOT NULL,
ALTER COLUMN "balance_usd_cents" DROP DEFAULT;


-- Accounts imported with a balance tier and no balance were stored with a
-- balance of 0, which hid the tier from the risk rules.
UPDATE "customer_accounts" SET "balance_usd_cents" = NULL
 WHERE "balance_usd_cents" = 0 AND "balance_tier" IS NOT NULL AND "balance_tier" <> 'zero';

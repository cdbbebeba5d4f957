-- Timeline-only tokens were made without an expiry and never expired. They
-- get 90 days from this migration (the default for new ones), long enough for
-- their owners to replace them, and from now on every token has an expiry.
UPDATE "api_tokens" SET "expires_at" = now() + interval '90 days' WHERE "expires_at" IS NULL;

-- AlterTable
ALTER TABLE "api_tokens" ALTER COLUMN "expires_at" SET NOT NULL;

-- Rows without a batch or message id now form their exposure group under
-- ' unbatched' (with a leading space, which no trimmed batch id has), so that
-- a batch id that says "unbatched" is a group of its own. Existing groups
-- under the old key are those rows' groups: renamed, a later list without
-- batch ids joins them as before.
UPDATE "leak_messages" SET "batch_key" = ' unbatched' WHERE "batch_key" = 'unbatched';

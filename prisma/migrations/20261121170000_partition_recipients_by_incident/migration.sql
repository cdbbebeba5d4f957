-- leaked_recipients becomes a table partitioned by incident, like
-- triage_entries: an incident's first large import is loaded into a table of
-- its own without its key, which is built once loaded, and the table is then
-- attached (server/db/incident-partition.ts). Other imports go row by row;
-- incidents without a partition of their own share the default one.
-- Prisma's view of the table does not change. A table cannot be turned into
-- a partitioned one in place, so the rows move.

ALTER TABLE "leaked_recipients" RENAME TO "leaked_recipients_unpartitioned";
ALTER TABLE "leaked_recipients_unpartitioned" DROP CONSTRAINT "leaked_recipients_pkey";

CREATE TABLE "leaked_recipients" (
    "incident_id" UUID NOT NULL,
    "message_id" INTEGER NOT NULL,
    "email_original" TEXT NOT NULL,
    "email_normalized" TEXT COLLATE "C" NOT NULL,
    "display_name" TEXT,
    "visibility" "ExposureVisibility" NOT NULL DEFAULT 'to',
    "account_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "leaked_recipients_pkey" PRIMARY KEY ("incident_id", "email_normalized", "message_id")
) PARTITION BY LIST ("incident_id");

CREATE TABLE "leaked_recipients_default" PARTITION OF "leaked_recipients" DEFAULT;

INSERT INTO "leaked_recipients" SELECT * FROM "leaked_recipients_unpartitioned";
DROP TABLE "leaked_recipients_unpartitioned";

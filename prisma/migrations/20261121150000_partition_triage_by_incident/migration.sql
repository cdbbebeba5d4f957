-- triage_entries becomes a table partitioned by incident. A large incident is
-- ranked into a table of its own, indexed after it is loaded and attached in
-- place of the incident's previous rows (server/triage/rebuild-triage.ts):
-- building an index once costs a fraction of maintaining it row by row.
-- Incidents ranked row by row share the default partition.
--
-- Prisma's view of the same change (what schema.prisma says):
--   DROP INDEX "triage_entries_incident_id_email_normalized_key";
--   ALTER TABLE "triage_entries" DROP CONSTRAINT "triage_entries_pkey",
--   ADD CONSTRAINT "triage_entries_pkey" PRIMARY KEY ("incident_id", "email_normalized");
-- A table cannot be turned into a partitioned one in place, so the rows move.

ALTER TABLE "triage_entries" RENAME TO "triage_entries_unpartitioned";
ALTER SEQUENCE "triage_entries_id_seq" OWNED BY NONE;
ALTER TABLE "triage_entries_unpartitioned" DROP CONSTRAINT "triage_entries_pkey";
DROP INDEX "triage_entries_incident_id_email_normalized_key";
DROP INDEX "triage_entries_incident_id_risk_sort_id_idx";
DROP INDEX "triage_entries_incident_id_balance_usd_cents_id_idx";
DROP INDEX "triage_entries_incident_id_last_event_at_id_idx";
DROP INDEX "triage_entries_account_id_idx";

CREATE TABLE "triage_entries" (
    "id" INTEGER NOT NULL DEFAULT nextval('triage_entries_id_seq'::regclass),
    "incident_id" UUID NOT NULL,
    "email_normalized" TEXT NOT NULL,
    "email_original" TEXT NOT NULL,
    "account_id" INTEGER,
    "external_id" TEXT,
    "first_message_id" INTEGER NOT NULL,
    "exposure_count" INTEGER NOT NULL,
    "seen_by" INTEGER NOT NULL,
    "two_factor_enabled" BOOLEAN,
    "balance_usd_cents" BIGINT,
    "balance_tier" TEXT,
    "country" CHAR(2),
    "events_after_t0" INTEGER NOT NULL DEFAULT 0,
    "last_event_at" TIMESTAMPTZ(3),
    "password_changed_at" TIMESTAMPTZ(3),
    "security_changes" INTEGER NOT NULL DEFAULT 0,
    "withdrawal_changes" INTEGER NOT NULL DEFAULT 0,
    "new_device_logins" INTEGER NOT NULL DEFAULT 0,
    "failed_logins" INTEGER NOT NULL DEFAULT 0,
    "api_keys_created" INTEGER NOT NULL DEFAULT 0,
    "risk_tier" "RiskTier" NOT NULL,
    "risk_sort" BIGINT NOT NULL,
    "risk_rules" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "action_status" TEXT NOT NULL DEFAULT 'none',

    CONSTRAINT "triage_entries_pkey" PRIMARY KEY ("incident_id", "email_normalized")
) PARTITION BY LIST ("incident_id");
ALTER SEQUENCE "triage_entries_id_seq" OWNED BY "triage_entries"."id";

CREATE TABLE "triage_entries_default" PARTITION OF "triage_entries" DEFAULT;

-- CreateIndex
CREATE INDEX "triage_entries_incident_id_risk_sort_id_idx" ON "triage_entries"("incident_id", "risk_sort" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "triage_entries_incident_id_balance_usd_cents_id_idx" ON "triage_entries"("incident_id", "balance_usd_cents" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "triage_entries_incident_id_last_event_at_id_idx" ON "triage_entries"("incident_id", "last_event_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "triage_entries_account_id_idx" ON "triage_entries"("account_id");

INSERT INTO "triage_entries" SELECT * FROM "triage_entries_unpartitioned";
DROP TABLE "triage_entries_unpartitioned";

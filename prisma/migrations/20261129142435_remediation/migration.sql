-- Remediation (issue 9). The remediation_actions and bulk_actions tables of
-- the first migration were placeholders that nothing wrote: they are
-- replaced, not altered.
DROP TABLE "remediation_actions";
DROP TABLE "bulk_actions";
DROP TYPE "ActionStatus";
DROP TYPE "BulkActionStatus";

-- CreateEnum
CREATE TYPE "BulkActionStatus" AS ENUM ('pending_approval', 'rejected', 'expired', 'running', 'paused', 'cancelled', 'completed');

-- CreateEnum
CREATE TYPE "BulkActionOrigin" AS ENUM ('single', 'bulk', 'recommendation');

-- CreateEnum
CREATE TYPE "WorkItemStatus" AS ENUM ('queued', 'in_progress', 'succeeded', 'skipped', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "WorkBatchStatus" AS ENUM ('queued', 'leased', 'done');

-- CreateEnum
CREATE TYPE "ResetState" AS ENUM ('none', 'requested', 'sent', 'completed');

-- CreateEnum
CREATE TYPE "HoldState" AS ENUM ('none', 'active', 'released', 'expired');

-- CreateEnum
CREATE TYPE "HoldReleaseCode" AS ENUM ('verified_with_customer', 'false_positive', 'expired', 'other');


-- DropForeignKey
ALTER TABLE "audit_log" DROP CONSTRAINT "audit_log_actor_id_fkey";

-- DropForeignKey
ALTER TABLE "audit_log" DROP CONSTRAINT "audit_log_incident_id_fkey";

-- AlterTable
ALTER TABLE "triage_entries" DROP COLUMN "action_status";

-- AlterTable
ALTER TABLE "audit_log" ADD COLUMN     "hash" TEXT,
ADD COLUMN     "prev_hash" TEXT;

-- CreateTable
CREATE TABLE "bulk_actions" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "kind" "ActionKind" NOT NULL,
    "origin" "BulkActionOrigin" NOT NULL DEFAULT 'bulk',
    "status" "BulkActionStatus" NOT NULL,
    "selection" JSONB NOT NULL,
    "reason" TEXT NOT NULL,
    "hold_hours" INTEGER,
    "release_code" "HoldReleaseCode",
    "total" INTEGER NOT NULL,
    "skipped_at_request" JSONB NOT NULL DEFAULT '{}',
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "cancelled" INTEGER NOT NULL DEFAULT 0,
    "needs_approval" BOOLEAN NOT NULL,
    "requested_by_id" UUID,
    "decided_by_id" UUID,
    "decision_note" TEXT,
    "request_key" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),
    "decided_at" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bulk_actions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "bulk_actions_incident_id_created_at_idx" ON "bulk_actions"("incident_id", "created_at");

-- AddForeignKey
ALTER TABLE "bulk_actions" ADD CONSTRAINT "bulk_actions_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bulk_actions" ADD CONSTRAINT "bulk_actions_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "bulk_action_items" (
    "bulk_action_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "status" "WorkItemStatus" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "done_at" TIMESTAMPTZ(3),

    CONSTRAINT "bulk_action_items_pkey" PRIMARY KEY ("bulk_action_id","seq")
);

-- CreateTable
CREATE TABLE "bulk_action_batches" (
    "bulk_action_id" UUID NOT NULL,
    "batch_no" INTEGER NOT NULL,
    "first_seq" INTEGER NOT NULL,
    "last_seq" INTEGER NOT NULL,
    "status" "WorkBatchStatus" NOT NULL DEFAULT 'queued',
    "lease_owner" TEXT,
    "lease_expires_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "run_after" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "bulk_action_batches_pkey" PRIMARY KEY ("bulk_action_id","batch_no")
);

-- CreateTable
CREATE TABLE "account_remediation" (
    "incident_id" UUID NOT NULL,
    "account_id" INTEGER NOT NULL,
    "reset_status" "ResetState" NOT NULL DEFAULT 'none',
    "reset_requested_at" TIMESTAMPTZ(3),
    "reset_sent_at" TIMESTAMPTZ(3),
    "reset_completed_at" TIMESTAMPTZ(3),
    "hold_status" "HoldState" NOT NULL DEFAULT 'none',
    "hold_id" UUID,
    "hold_until" TIMESTAMPTZ(3),
    "hold_changed_at" TIMESTAMPTZ(3),
    "first_action_at" TIMESTAMPTZ(3),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "account_remediation_pkey" PRIMARY KEY ("incident_id","account_id")
);

-- CreateTable
CREATE TABLE "withdrawal_holds" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "account_id" INTEGER NOT NULL,
    "status" "HoldState" NOT NULL,
    "reason" TEXT NOT NULL,
    "placed_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3),
    "placed_by_id" UUID,
    "bulk_action_id" UUID,
    "ended_at" TIMESTAMPTZ(3),
    "released_by_id" UUID,
    "release_code" "HoldReleaseCode",
    "release_note" TEXT,
    "release_bulk_action_id" UUID,

    CONSTRAINT "withdrawal_holds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "provider_accounts" (
    "account_id" INTEGER NOT NULL,
    "password_reset_required" BOOLEAN NOT NULL DEFAULT false,
    "sessions_revoked_at" TIMESTAMPTZ(3),
    "withdrawals_held_until" TIMESTAMPTZ(3),
    "withdrawals_held" BOOLEAN NOT NULL DEFAULT false,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "provider_accounts_pkey" PRIMARY KEY ("account_id")
);

-- CreateTable
CREATE TABLE "provider_effects" (
    "idempotency_key" TEXT NOT NULL,
    "account_id" INTEGER NOT NULL,
    "effect" TEXT NOT NULL,
    "applied_at" TIMESTAMPTZ(3) NOT NULL,
    "repeats" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "provider_effects_pkey" PRIMARY KEY ("idempotency_key")
);

-- CreateTable
CREATE TABLE "idempotency_records" (
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "response_status" INTEGER,
    "response_body" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_records_pkey" PRIMARY KEY ("scope","key")
);

-- CreateTable
CREATE TABLE "audit_chain_head" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "last_id" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,

    CONSTRAINT "audit_chain_head_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "bulk_action_batches_status_idx" ON "bulk_action_batches"("status");

-- CreateIndex
CREATE INDEX "bulk_action_items_account_id_idx" ON "bulk_action_items"("account_id");

-- CreateIndex
CREATE INDEX "withdrawal_holds_incident_id_account_id_idx" ON "withdrawal_holds"("incident_id", "account_id");

-- CreateIndex
CREATE INDEX "withdrawal_holds_status_expires_at_idx" ON "withdrawal_holds"("status", "expires_at");

-- CreateIndex
CREATE INDEX "bulk_actions_status_idx" ON "bulk_actions"("status");

-- CreateIndex
CREATE UNIQUE INDEX "bulk_actions_requested_by_id_request_key_key" ON "bulk_actions"("requested_by_id", "request_key");

-- AddForeignKey
ALTER TABLE "bulk_actions" ADD CONSTRAINT "bulk_actions_decided_by_id_fkey" FOREIGN KEY ("decided_by_id") REFERENCES "staff_users"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- The audit log is append-only: rows may be added, and an entry written
-- before the chain existed may be sealed once (its hashes set, nothing else
-- changed); nothing may be edited or removed. Checked on both databases by
-- server/audit/audit-chain.int.test.ts.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    IF OLD.hash IS NULL AND NEW.hash IS NOT NULL
     AND (OLD.id, OLD.at, OLD.actor_id, OLD.actor_email, OLD.action, OLD.incident_id, OLD.target_type,
          OLD.target_id, OLD.detail::text, OLD.ip)
         IS NOT DISTINCT FROM
         (NEW.id, NEW.at, NEW.actor_id, NEW.actor_email, NEW.action, NEW.incident_id, NEW.target_type,
          NEW.target_id, NEW.detail::text, NEW.ip) THEN
      RETURN NEW;
    END IF;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = '42501';
END
$$;

CREATE TRIGGER audit_log_no_update_or_delete BEFORE UPDATE OR DELETE ON "audit_log"
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log"
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

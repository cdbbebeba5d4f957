import { z } from "zod";
import type { ActionKind } from "../../lib/remediation/actions";
import { recordAudit } from "../audit/record-audit";
import type { Db } from "../db";
import { LONG_TRANSACTION, sqlOf, type PrismaTx } from "../db/prisma-sql";
import { AppError } from "../errors";
import { refreshIncidentStats } from "../incidents/refresh-incident-stats";
import { crashPoint } from "../jobs/crash-point";
import { assertMayApprove } from "../jobs/four-eyes";
import { recordBulkTimelineEvent } from "./bulk-timeline";
import type { StaffActor } from "./request-bulk-action";

// The verbs on a bulk action after it was requested. Each runs in one
// transaction with the action's row locked, checks the state it starts from,
// is audited, and is safe to repeat (the same verb twice fails the second time
// with CONFLICT and changes nothing).

type Locked = {
  id: string;
  incident_id: string;
  kind: ActionKind;
  status: string;
  total: number;
  requested_by_id: string | null;
  requested_by_token_id: string | null;
  expires_at: Date | string | null;
  failed: number;
};

async function lockBulkAction(ptx: PrismaTx, db: Db, id: string, incidentId?: string): Promise<Locked> {
  const tx = sqlOf(ptx, db.sql.kind);
  const [row] = await tx.query<Locked>(
    `SELECT id::text, incident_id::text, kind::text, status::text, total, requested_by_id::text, requested_by_token_id::text, expires_at, failed
       FROM bulk_actions WHERE id = $1::uuid ${incidentId ? "AND incident_id = $2::uuid" : ""} FOR UPDATE`,
    incidentId ? [id, incidentId] : [id],
  );
  if (!row) throw new AppError("NOT_FOUND", "No such bulk action.");
  return { ...row, total: Number(row.total), failed: Number(row.failed) };
}

function summary(row: Locked) {
  return { id: row.id, incidentId: row.incident_id, kind: row.kind, total: row.total };
}

const STATUS_WORDS: Record<string, string> = {
  pending_approval: "is awaiting approval",
  rejected: "was rejected",
  expired: "expired unapproved",
  running: "is running",
  paused: "is paused",
  cancelled: "was cancelled",
  completed: "has completed",
};

function conflict(row: Locked, verb: string): AppError {
  return new AppError("CONFLICT", `This bulk action ${STATUS_WORDS[row.status] ?? row.status}: it cannot be ${verb}.`);
}

export const DecisionNoteInput = z.string().trim().max(1000).optional();
export const RejectionReasonInput = z.string().trim().min(3, "Give a reason for the rejection (at least 3 characters).").max(1000);

/**
 * Four eyes: a different staff member approves (the caller has checked
 * `bulk.approve`). The requester can never approve their own request,
 * whatever their role. An expired request can no longer be approved.
 */
export async function approveBulkAction(db: Db, id: string, actor: StaffActor, options: { note?: string; at?: Date; incidentId?: string } = {}) {
  const at = options.at ?? new Date();
  const note = DecisionNoteInput.parse(options.note);
  return db.prisma.$transaction(async (ptx) => {
    const row = await lockBulkAction(ptx, db, id, options.incidentId);
    assertMayApprove(row, actor, at, { requested: "bulk action", notPending: () => conflict(row, "approved") });
    await ptx.bulkAction.update({
      where: { id },
      data: { status: "running", decidedById: actor.id, decidedAt: at, decisionNote: note ?? null, startedAt: at, updatedAt: at },
    });
    await refreshIncidentStats(sqlOf(ptx, db.sql.kind), row.incident_id);
    await recordBulkTimelineEvent(sqlOf(ptx, db.sql.kind), summary(row), "approved", { at, actor, note });
    await recordBulkTimelineEvent(sqlOf(ptx, db.sql.kind), summary(row), "started", { at, actor });
    await recordAudit(ptx, { actor, at, action: "bulk_action.approved", incidentId: row.incident_id, targetType: "bulk_action", targetId: id, detail: { note: note ?? null } });
    return { id, status: "running" as const };
  });
}

export async function rejectBulkAction(db: Db, id: string, actor: StaffActor, reason: string, options: { at?: Date; incidentId?: string } = {}) {
  const at = options.at ?? new Date();
  const why = RejectionReasonInput.parse(reason);
  return db.prisma.$transaction(async (ptx) => {
    const row = await lockBulkAction(ptx, db, id, options.incidentId);
    if (row.status !== "pending_approval") throw conflict(row, "rejected");
    await ptx.bulkAction.update({
      where: { id },
      data: { status: "rejected", decidedById: actor.id, decidedAt: at, decisionNote: why, finishedAt: at, updatedAt: at },
    });
    await recordBulkTimelineEvent(sqlOf(ptx, db.sql.kind), summary(row), "rejected", { at, actor, note: why });
    await recordAudit(ptx, { actor, at, action: "bulk_action.rejected", incidentId: row.incident_id, targetType: "bulk_action", targetId: id, detail: { reason: why } });
    return { id, status: "rejected" as const };
  });
}

/** Workers stop claiming its batches; a batch already in hand finishes. */
export async function pauseBulkAction(db: Db, id: string, actor: StaffActor, options: { at?: Date; incidentId?: string } = {}) {
  const at = options.at ?? new Date();
  return db.prisma.$transaction(async (ptx) => {
    const row = await lockBulkAction(ptx, db, id, options.incidentId);
    if (row.status !== "running") throw conflict(row, "paused");
    await ptx.bulkAction.update({ where: { id }, data: { status: "paused", pauseReason: null, autoResumeAt: null, updatedAt: at } });
    await crashPoint("pause");
    await recordAudit(ptx, { actor, at, action: "bulk_action.paused", incidentId: row.incident_id, targetType: "bulk_action", targetId: id });
    return { id, status: "paused" as const };
  });
}

export async function resumeBulkAction(db: Db, id: string, actor: StaffActor, options: { at?: Date; incidentId?: string } = {}) {
  const at = options.at ?? new Date();
  return db.prisma.$transaction(async (ptx) => {
    const row = await lockBulkAction(ptx, db, id, options.incidentId);
    if (row.status !== "paused") throw conflict(row, "resumed");
    await ptx.bulkAction.update({ where: { id }, data: { status: "running", pauseReason: null, autoResumeAt: null, updatedAt: at } });
    await recordAudit(ptx, { actor, at, action: "bulk_action.resumed", incidentId: row.incident_id, targetType: "bulk_action", targetId: id });
    return { id, status: "running" as const };
  });
}

/**
 * Cancels what has not started: queued items become cancelled, and their
 * batches end. A batch a worker holds finishes its items, or finds them
 * cancelled: the item rows are the arbiter, so nothing is half-done.
 */
export async function cancelBulkAction(db: Db, id: string, actor: StaffActor, options: { at?: Date; incidentId?: string } = {}) {
  const at = options.at ?? new Date();
  return db.prisma.$transaction(async (ptx) => {
    const tx = sqlOf(ptx, db.sql.kind);
    // Items first, then the action's row: the order workers lock them in.
    const [peek] = await tx.query<{ status: string }>(`SELECT status::text FROM bulk_actions WHERE id = $1::uuid`, [id]);
    if (peek && !["running", "paused", "pending_approval"].includes(peek.status)) {
      throw conflict({ status: peek.status } as Locked, "cancelled");
    }
    const cancelled = await tx.run(
      `UPDATE bulk_action_items SET status = 'cancelled', done_at = $2::timestamptz
        WHERE bulk_action_id = $1::uuid AND status = 'queued'`,
      [id, at.toISOString()],
    );
    await crashPoint("cancel");
    await tx.run(
      `UPDATE bulk_action_batches SET status = 'done' WHERE bulk_action_id = $1::uuid AND status = 'queued'`,
      [id],
    );
    const row = await lockBulkAction(ptx, db, id, options.incidentId);
    if (!["running", "paused", "pending_approval"].includes(row.status)) throw conflict(row, "cancelled");
    const [left] = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM bulk_action_batches WHERE bulk_action_id = $1::uuid AND status <> 'done'`,
      [id],
    );
    await tx.run(
      `UPDATE bulk_actions SET status = 'cancelled', cancelled = cancelled + $2, updated_at = $3::timestamptz,
              finished_at = CASE WHEN $4 THEN $3::timestamptz ELSE finished_at END
        WHERE id = $1::uuid`,
      [id, cancelled, at.toISOString(), Number(left?.n ?? 0) === 0],
    );
    await refreshIncidentStats(tx, row.incident_id);
    await recordBulkTimelineEvent(sqlOf(ptx, db.sql.kind), summary(row), "cancelled", { at, actor });
    await recordAudit(ptx, { actor, at, action: "bulk_action.cancelled", incidentId: row.incident_id, targetType: "bulk_action", targetId: id, detail: { cancelledItems: cancelled } });
    return { id, status: "cancelled" as const, cancelledItems: cancelled };
  }, LONG_TRANSACTION);
}

/** Puts the failed items back in the queue (their batches too) and runs the action again. */
export async function retryFailedItems(db: Db, id: string, actor: StaffActor, options: { at?: Date; incidentId?: string } = {}) {
  const at = options.at ?? new Date();
  return db.prisma.$transaction(async (ptx) => {
    const tx = sqlOf(ptx, db.sql.kind);
    const requeued = await tx.run(
      `UPDATE bulk_action_items SET status = 'queued', done_at = NULL WHERE bulk_action_id = $1::uuid AND status = 'failed'`,
      [id],
    );
    const row = await lockBulkAction(ptx, db, id, options.incidentId);
    if (!["running", "paused", "completed"].includes(row.status)) throw conflict(row, "retried");
    if (requeued === 0) throw new AppError("CONFLICT", "This bulk action has no failed items to retry.");
    await tx.run(
      `UPDATE bulk_action_batches b SET status = 'queued', run_after = now(), lease_owner = NULL, lease_expires_at = NULL
        WHERE b.bulk_action_id = $1::uuid AND b.status = 'done'
          AND EXISTS (SELECT 1 FROM bulk_action_items i WHERE i.bulk_action_id = b.bulk_action_id
                         AND i.seq BETWEEN b.first_seq AND b.last_seq AND i.status = 'queued')`,
      [id],
    );
    await tx.run(
      `UPDATE bulk_actions SET failed = failed - $2, updated_at = $3::timestamptz, finished_at = NULL,
              status = CASE WHEN status = 'completed' THEN 'running'::"BulkActionStatus" ELSE status END
        WHERE id = $1::uuid`,
      [id, requeued, at.toISOString()],
    );
    await recordAudit(ptx, { actor, at, action: "bulk_action.retried", incidentId: row.incident_id, targetType: "bulk_action", targetId: id, detail: { items: requeued } });
    return { id, status: "running" as const, requeued };
  });
}

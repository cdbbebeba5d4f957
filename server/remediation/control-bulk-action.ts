import { recordAudit, type StaffActor } from "../audit/record-audit";
import type { Db } from "../db";
import { sqlOf, type PrismaTx } from "../db/prisma-sql";
import { AppError } from "../errors";
import { crashPoint } from "../jobs/crash-point";
import { approveRequest, cancelRequest, rejectRequest, stateConflict } from "../jobs/four-eyes-flow";
import { refreshActionStats } from "../incidents/refresh-incident-stats";
import { bulkActionRequests, type LockedBulkAction } from "./bulk-action-requests";

// The verbs on a bulk action after it was requested. Approve, reject and
// cancel are the four-eyes flow's (server/jobs/four-eyes-flow.ts); pause,
// resume and retry are a bulk action's own. Each runs in one transaction
// with the action's row locked, checks the state it starts from, is
// audited, and is safe to repeat (the same verb twice fails the second time
// with CONFLICT and changes nothing).

async function lockBulkAction(ptx: PrismaTx, db: Db, id: string, incidentId?: string): Promise<LockedBulkAction> {
  const row = await bulkActionRequests.lock(sqlOf(ptx, db.sql.kind), id, incidentId);
  if (!row) throw new AppError("NOT_FOUND", bulkActionRequests.notFound);
  return row;
}

const conflict = (row: { status: string }, verb: string) => stateConflict(bulkActionRequests, row.status, verb);

/**
 * Four eyes: a different staff member approves (the caller has checked
 * `bulk.approve` and the step-up). The requester can never approve their own
 * request, whatever their role. An expired request can no longer be approved.
 */
export async function approveBulkAction(
  db: Db,
  id: string,
  actor: StaffActor,
  options: { note?: string; at?: Date; incidentId?: string } = {},
) {
  return approveRequest(db, bulkActionRequests, id, actor, options);
}

export async function rejectBulkAction(
  db: Db,
  id: string,
  actor: StaffActor,
  reason: string,
  options: { at?: Date; incidentId?: string } = {},
) {
  return rejectRequest(db, bulkActionRequests, id, actor, reason, options);
}

/** Workers stop claiming its batches; a batch already in hand finishes. */
export async function pauseBulkAction(
  db: Db,
  id: string,
  actor: StaffActor,
  options: { at?: Date; incidentId?: string } = {},
) {
  const at = options.at ?? new Date();
  return db.prisma.$transaction(async (ptx) => {
    const row = await lockBulkAction(ptx, db, id, options.incidentId);
    if (row.status !== "running") throw conflict(row, "paused");
    await ptx.bulkAction.update({
      where: { id },
      data: { status: "paused", pauseReason: null, autoResumeAt: null, updatedAt: at },
    });
    await crashPoint("pause");
    await recordAudit(ptx, {
      actor,
      at,
      action: "bulk_action.paused",
      incidentId: row.incident_id,
      targetType: "bulk_action",
      targetId: id,
    });
    return { id, status: "paused" as const };
  });
}

export async function resumeBulkAction(
  db: Db,
  id: string,
  actor: StaffActor,
  options: { at?: Date; incidentId?: string } = {},
) {
  const at = options.at ?? new Date();
  return db.prisma.$transaction(async (ptx) => {
    const row = await lockBulkAction(ptx, db, id, options.incidentId);
    if (row.status !== "paused") throw conflict(row, "resumed");
    await ptx.bulkAction.update({
      where: { id },
      data: { status: "running", pauseReason: null, autoResumeAt: null, updatedAt: at },
    });
    await recordAudit(ptx, {
      actor,
      at,
      action: "bulk_action.resumed",
      incidentId: row.incident_id,
      targetType: "bulk_action",
      targetId: id,
    });
    return { id, status: "running" as const };
  });
}

/**
 * Cancels what has not started: queued items become cancelled, and their
 * batches end. A batch a worker holds finishes its items, or finds them
 * cancelled: the item rows are the arbiter, so nothing is half-done.
 */
export async function cancelBulkAction(
  db: Db,
  id: string,
  actor: StaffActor,
  options: { at?: Date; incidentId?: string } = {},
) {
  const { cancelled, ...result } = await cancelRequest(db, bulkActionRequests, id, actor, options);
  return { ...result, cancelledItems: cancelled };
}

/** Puts the failed items back in the queue (their batches too) and runs the action again. */
export async function retryFailedItems(
  db: Db,
  id: string,
  actor: StaffActor,
  options: { at?: Date; incidentId?: string } = {},
) {
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
    // Its requeued items are open again.
    await refreshActionStats(tx, row.incident_id);
    await recordAudit(ptx, {
      actor,
      at,
      action: "bulk_action.retried",
      incidentId: row.incident_id,
      targetType: "bulk_action",
      targetId: id,
      detail: { items: requeued },
    });
    return { id, status: "running" as const, requeued };
  });
}

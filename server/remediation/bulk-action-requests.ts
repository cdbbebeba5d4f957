import type { ActionKind } from "../../lib/remediation/actions";
import { announceRequestStep } from "../events/request-events";
import { refreshActionStats } from "../incidents/refresh-incident-stats";
import { crashPoint } from "../jobs/crash-point";
import type { LockedRequest, RequestKind } from "../jobs/four-eyes-flow";
import { recordBulkTimelineEvent, type BulkCounts, type BulkSummary } from "./bulk-timeline";
import { batchesNotDone } from "./sql/settle-batch";

/** A bulk action's row under its lock. */
export type LockedBulkAction = LockedRequest & { kind: ActionKind; origin: string; total: number; failed: number };

/**
 * Bulk actions in the four-eyes flow (server/jobs/four-eyes-flow.ts): their
 * table, their words, their milestones, and what each step does to their
 * items and batches. The incident's counters follow every status change.
 */
export const bulkActionRequests: RequestKind<LockedBulkAction, BulkSummary, BulkCounts> = {
  table: "bulk_actions",
  statusType: "BulkActionStatus",
  auditTarget: "bulk_action",
  noun: "bulk action",
  notFound: "No such bulk action.",
  statusWords: {
    pending_approval: "is awaiting approval",
    rejected: "was rejected",
    expired: "expired unapproved",
    running: "is running",
    paused: "is paused",
    cancelled: "was cancelled",
    completed: "has completed",
  },
  cancellable: ["running", "paused", "pending_approval"],
  // Items first, then the action's row: the order workers lock them in.
  unitsBeforeRequest: true,
  cancelledUnitsKey: "cancelledItems",
  async lock(tx, id, incidentId) {
    const [row] = await tx.query<LockedBulkAction>(
      `SELECT id::text, incident_id::text, kind::text, origin::text, status::text, total, requested_by_id::text, requested_by_token_id::text, expires_at, failed
         FROM bulk_actions WHERE id = $1::uuid ${incidentId ? "AND incident_id = $2::uuid" : ""} FOR UPDATE`,
      incidentId ? [id, incidentId] : [id],
    );
    return row ? { ...row, total: Number(row.total), failed: Number(row.failed) } : null;
  },
  summary: (row) => ({ id: row.id, incidentId: row.incident_id, kind: row.kind, origin: row.origin, total: row.total }),
  milestone: recordBulkTimelineEvent,
  // Single-account actions stay quiet outside the app, as on the timeline.
  async announce(tx, s, step, detail) {
    if (s.origin === "single") return;
    await announceRequestStep(tx, { kind: "bulk_action", id: s.id, incidentId: s.incidentId, action: s.kind, total: s.total }, step, detail);
  },
  // A batch a worker holds finishes its items, or finds them cancelled: the
  // item rows are the arbiter, so nothing is half-done. Items already sent to
  // the exchange (in progress, or back in the queue after a call whose answer
  // was lost) are not cancelled: the exchange may have acted on them, and the
  // worker that claims their batch (it stays queued) sends them again under
  // the same keys and learns what it did.
  async cancelUnits(tx, id, at) {
    const cancelled = await tx.run(
      `UPDATE bulk_action_items SET status = 'cancelled', done_at = $2::timestamptz
        WHERE bulk_action_id = $1::uuid AND status = 'queued' AND NOT sent`,
      [id, at.toISOString()],
    );
    await crashPoint("cancel");
    await tx.run(
      `UPDATE bulk_action_batches b SET status = 'done'
        WHERE b.bulk_action_id = $1::uuid AND b.status = 'queued'
          AND NOT EXISTS (SELECT 1 FROM bulk_action_items i
                           WHERE i.bulk_action_id = b.bulk_action_id AND i.seq BETWEEN b.first_seq AND b.last_seq
                             AND (i.status = 'in_progress' OR (i.status = 'queued' AND i.sent)))`,
      [id],
    );
    return cancelled;
  },
  unitsInHand: (tx, id) => batchesNotDone(tx, id),
  statusChanged: (tx, row) => refreshActionStats(tx, row.incident_id),
};

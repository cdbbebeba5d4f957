import type { ActionKind } from "../../lib/remediation/actions";
import { ACCOUNT_AUDIT_TARGET } from "../accounts/list-account-audit";
import { appendAuditEntries, recordAudit } from "../audit/record-audit";
import type { Db } from "../db";
import { sqlOf } from "../db/prisma-sql";
import { IMPORT_SILENCE_MS } from "../imports/run-import";
import { recordBulkTimelineEvent } from "../remediation/bulk-timeline";
import { recordFinishEvent } from "./process-batch";
import { IDEMPOTENCY_RETENTION_HOURS } from "../http/idempotency";
import { pruneAnonymousRecords } from "./prune-anonymous-records";

/**
 * Ends what time ends: bulk requests nobody approved in time, and holds whose
 * expiry has passed. Audited; safe to run from any number of workers at
 * once (each row changes once, under its row lock).
 */
export async function sweepExpired(db: Db, at: Date): Promise<{ approvals: number; holds: number; imports: number }> {
  const approvals = await db.prisma.$transaction(async (ptx) => {
    const tx = sqlOf(ptx, db.sql.kind);
    const expired = await tx.query<{ id: string; incident_id: string; kind: ActionKind; total: number }>(
      `UPDATE bulk_actions SET status = 'expired', finished_at = expires_at, updated_at = $1::timestamptz
        WHERE status = 'pending_approval' AND expires_at <= $1::timestamptz
        RETURNING id::text, incident_id::text, kind::text, total`,
      [at.toISOString()],
    );
    for (const bulk of expired) {
      const summary = { id: bulk.id, incidentId: bulk.incident_id, kind: bulk.kind, total: Number(bulk.total) };
      await recordBulkTimelineEvent(ptx, summary, "expired", { at, actor: null });
      await recordAudit(ptx, {
        actor: null,
        at,
        action: "bulk_action.expired",
        incidentId: bulk.incident_id,
        targetType: "bulk_action",
        targetId: bulk.id,
      });
    }
    return expired.length;
  });
  const holds = await db.prisma.$transaction(async (ptx) => {
    const tx = sqlOf(ptx, db.sql.kind);
    const ended = await tx.query<{ id: string; incident_id: string; account_id: number; expires_at: Date | string }>(
      `WITH ended AS (
         UPDATE withdrawal_holds SET status = 'expired', ended_at = expires_at
          WHERE status = 'active' AND expires_at <= $1::timestamptz
          RETURNING id, incident_id, account_id, expires_at
       ), marked AS (
         UPDATE account_remediation ar SET hold_status = 'expired', hold_changed_at = e.expires_at, updated_at = $1::timestamptz
           FROM ended e WHERE ar.incident_id = e.incident_id AND ar.account_id = e.account_id AND ar.hold_id = e.id
       )
       SELECT id::text, incident_id::text, account_id, expires_at FROM ended`,
      [at.toISOString()],
    );
    await appendAuditEntries(
      tx,
      ended.map((hold) => ({
        actor: null,
        at,
        action: "remediation.withdrawal_hold_expired",
        incidentId: hold.incident_id,
        targetType: ACCOUNT_AUDIT_TARGET,
        targetId: String(hold.account_id),
        detail: { holdId: hold.id, expiredAt: new Date(hold.expires_at).toISOString() },
      })),
    );
    return ended.length;
  });
  await resumeAfterBreaker(db, at);
  // Webhook nonces outlive the signature window (5 minutes) by a margin; older
  // ones cannot be replayed anyway (their timestamps are refused).
  await db.sql.query(`DELETE FROM exchange_webhook_nonces WHERE seen_at < now() - interval '15 minutes'`);
  await db.sql.query(
    `DELETE FROM idempotency_records WHERE created_at < $1::timestamptz - make_interval(hours => $2)`,
    [at.toISOString(), IDEMPOTENCY_RETENTION_HOURS],
  );
  await pruneAnonymousRecords(db, at);
  const imports = await failSilentImports(db, at);
  await recordMissingFinishEvents(db);
  return { approvals, holds, imports };
}

/**
 * Bulk actions the exchange's circuit breaker paused, once their cool-down is
 * over: running again (the breaker is half-open; one more failure pauses
 * them again).
 */
async function resumeAfterBreaker(db: Db, at: Date): Promise<void> {
  await db.sql.transaction(async (tx) => {
    const resumed = await tx.query<{ id: string; incident_id: string }>(
      `UPDATE bulk_actions SET status = 'running', pause_reason = NULL, auto_resume_at = NULL, updated_at = $1::timestamptz
        WHERE status = 'paused' AND auto_resume_at <= $1::timestamptz
        RETURNING id::text, incident_id::text`,
      [at.toISOString()],
    );
    await appendAuditEntries(
      tx,
      resumed.map((bulk) => ({
        actor: null,
        at,
        action: "bulk_action.resumed_after_breaker",
        incidentId: bulk.incident_id,
        targetType: "bulk_action",
        targetId: bulk.id,
      })),
    );
  });
}

/** Completed bulk actions whose worker died between its last commit and the timeline event. */
async function recordMissingFinishEvents(db: Db): Promise<void> {
  const missing = await db.sql.query<{
    id: string;
    incident_id: string;
    kind: ActionKind;
    total: number;
    requested_by_id: string | null;
    email: string | null;
    finished_at: Date | string;
    succeeded: number;
    skipped: number;
    failed: number;
    cancelled: number;
  }>(
    `SELECT a.id::text, a.incident_id::text, a.kind::text, a.total, a.requested_by_id::text, s.email, a.finished_at,
            a.succeeded, a.skipped, a.failed, a.cancelled
       FROM bulk_actions a LEFT JOIN staff_users s ON s.id = a.requested_by_id
      WHERE a.status = 'completed' AND a.origin <> 'single'
        AND NOT EXISTS (SELECT 1 FROM timeline_events t
                         WHERE t.incident_id = a.incident_id AND t.external_id = 'bulk-action:' || a.id::text || ':finished')
      LIMIT 100`,
  );
  for (const row of missing) {
    await recordFinishEvent(
      db,
      row.id,
      { incident_id: row.incident_id, kind: row.kind, total: Number(row.total) },
      new Date(row.finished_at),
      row.requested_by_id ? { id: row.requested_by_id, email: row.email ?? "" } : null,
      {
        status: "completed",
        succeeded: Number(row.succeeded),
        skipped: Number(row.skipped),
        failed: Number(row.failed),
        cancelled: Number(row.cancelled),
      },
    );
  }
}

/**
 * Imports whose process died (PostgreSQL): running, with no heartbeat for
 * IMPORT_SILENCE_MS. Their transaction rolled back with the connection, so
 * nothing of them was applied; the job says so. On PGlite a live import
 * cannot beat while its transaction holds the one connection, and a dead one
 * dies with the only process: openDb marks it when the database reopens.
 */
async function failSilentImports(db: Db, at: Date): Promise<number> {
  if (db.sql.kind !== "postgres") return 0;
  return db.sql.run(
    `UPDATE import_jobs SET status = 'failed', phase = 'failed', finished_at = $1::timestamptz,
            error = 'Interrupted: the process running it stopped before it finished; nothing from it was applied. Run it again.'
      WHERE status = 'running' AND heartbeat_at < $1::timestamptz - make_interval(secs => $2)`,
    [at.toISOString(), IMPORT_SILENCE_MS / 1000],
  );
}

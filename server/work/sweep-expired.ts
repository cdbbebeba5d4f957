import type { ActionKind } from "../../lib/remediation/actions";
import { ACCOUNT_AUDIT_TARGET } from "../accounts/list-account-audit";
import { appendAuditEntries, recordAudit } from "../audit/record-audit";
import type { Db } from "../db";
import { sqlOf } from "../db/prisma-sql";
import { IMPORT_SILENCE_MS } from "../imports/run-import";
import { recordBulkTimelineEvent } from "../remediation/bulk-timeline";

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
  const imports = await failSilentImports(db, at);
  return { approvals, holds, imports };
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

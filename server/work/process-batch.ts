import { effectKey, type ActionKind, type SkipReason } from "../../lib/remediation/actions";
import { appendAuditEntries, type AuditEntry } from "../audit/record-audit";
import { prismaErrorCode } from "../errors";
import type { Db } from "../db";
import type { SqlQueryable } from "../db/driver";
import type { AccountProvider, ProviderItem } from "../providers/account-provider";
import { ACCOUNT_AUDIT_TARGET } from "../accounts/list-account-audit";
import { refreshIncidentStats } from "../incidents/refresh-incident-stats";
import { recordBulkTimelineEvent } from "../remediation/bulk-timeline";
import type { ClaimedBatch } from "./claim-batch";
import { crashPoint } from "./crash-point";

type Header = {
  kind: ActionKind;
  incident_id: string;
  origin: string;
  hold_hours: number | null;
  release_code: string | null;
  reason: string;
  requested_by_id: string | null;
  requested_by_email: string | null;
  total: number;
};

type ItemRow = {
  seq: number;
  account_id: number;
  external_id: string;
  reset_status: string | null;
  hold_status: string | null;
  hold_until: Date | string | null;
};

export type BatchOutcome = { lost: boolean; succeeded: number; skipped: number; failed: number; finished: boolean };

const SUCCESS_ACTION: Record<ActionKind, string> = {
  password_reset: "remediation.password_reset_forced",
  withdrawal_hold: "remediation.withdrawal_hold_placed",
  hold_release: "remediation.withdrawal_hold_released",
};

/** Why an item is no longer needed when its turn comes (another action got there first). */
function skipAtRun(kind: ActionKind, item: ItemRow, at: Date): SkipReason | null {
  const holdActive =
    item.hold_status === "active" && (item.hold_until === null || new Date(item.hold_until).getTime() > at.getTime());
  if (kind === "password_reset" && (item.reset_status === "sent" || item.reset_status === "completed"))
    return "reset_already_done";
  if (kind === "withdrawal_hold" && holdActive) return "hold_already_active";
  if (kind === "hold_release" && !holdActive) return "no_active_hold";
  return null;
}

/**
 * Runs one leased batch with a transactional provider: the side effects, the
 * accounts' remediation state, the items' status, the action's counters and
 * the audit entries commit together, or not at all. A worker that dies
 * anywhere in here leaves the batch as it was, leased until its lease runs
 * out; whoever runs it next finds the same items still to do, and the
 * provider's idempotency keys make a repeat impossible.
 */
export async function processBatch(
  db: Db,
  claim: ClaimedBatch,
  options: { workerId: string; provider: AccountProvider; clock?: () => Date },
): Promise<BatchOutcome> {
  const provider = options.provider;
  if (!provider.transactional) throw new Error(`Provider ${provider.name} is not supported by this worker yet.`);
  const at = (options.clock ?? (() => new Date()))();
  // Plain SQL on the driver, not a Prisma transaction: a batch is a dozen
  // set-based statements over arrays of a thousand, which Prisma's parameter
  // handling made about twice as slow.
  const outcome = await db.sql.transaction(async (tx) => {
    const [header] = await tx.query<Header>(
      `SELECT a.kind::text AS kind, a.incident_id::text AS incident_id, a.origin::text AS origin, a.hold_hours,
              a.release_code::text AS release_code, a.reason, a.requested_by_id::text AS requested_by_id,
              s.email AS requested_by_email, a.total
         FROM bulk_action_batches b
         JOIN bulk_actions a ON a.id = b.bulk_action_id
         LEFT JOIN staff_users s ON s.id = a.requested_by_id
        WHERE b.bulk_action_id = $1::uuid AND b.batch_no = $2 AND b.status = 'leased' AND b.lease_owner = $3
        FOR UPDATE OF b`,
      [claim.bulkActionId, claim.batchNo, options.workerId],
    );
    // The lease ran out and another worker took the batch over: it is theirs now.
    if (!header) return { lost: true, succeeded: 0, skipped: 0, failed: 0, finished: false, header: null, final: null, actor: null };

    const items = await tx.query<ItemRow>(
      `SELECT i.seq, i.account_id, c.external_id, ar.reset_status::text AS reset_status,
              ar.hold_status::text AS hold_status, ar.hold_until
         FROM bulk_action_items i
         JOIN customer_accounts c ON c.id = i.account_id
         LEFT JOIN account_remediation ar ON ar.incident_id = $4::uuid AND ar.account_id = i.account_id
        WHERE i.bulk_action_id = $1::uuid AND i.seq BETWEEN $2 AND $3 AND i.status IN ('queued', 'in_progress')
        ORDER BY i.seq
        FOR UPDATE OF i`,
      [claim.bulkActionId, claim.firstSeq, claim.lastSeq, header.incident_id],
    );
    const kind = header.kind;
    const holdUntil =
      kind === "withdrawal_hold" && header.hold_hours !== null ? new Date(at.getTime() + header.hold_hours * 3_600_000) : null;
    const skips = new Map<number, SkipReason>();
    const toApply: (ProviderItem & { seq: number })[] = [];
    for (const item of items) {
      const skip = skipAtRun(kind, item, at);
      if (skip) skips.set(item.seq, skip);
      else
        toApply.push({
          seq: item.seq,
          idempotencyKey: effectKey(claim.bulkActionId, Number(item.account_id), kind),
          accountId: Number(item.account_id),
          externalId: item.external_id,
          kind,
          holdUntil,
        });
    }
    const results = await provider.apply(tx, toApply, at);
    await crashPoint("after-effect");

    const succeeded = toApply.filter((_, i) => results[i]?.ok);
    const failed = toApply
      .map((item, i) => ({ item, result: results[i] }))
      .filter((r): r is { item: (typeof toApply)[number]; result: { ok: false; retryable: boolean; error: string } } =>
        r.result !== undefined && !r.result.ok,
      );
    await applyRemediationState(tx, header, claim.bulkActionId, kind, succeeded.map((i) => i.accountId), at, holdUntil);

    const seqs: number[] = [];
    const statuses: string[] = [];
    const errors: (string | null)[] = [];
    const mark = (seq: number, status: string, error: string | null) => {
      seqs.push(seq);
      statuses.push(status);
      errors.push(error);
    };
    for (const item of succeeded) mark(item.seq, "succeeded", null);
    for (const [seq, reason] of skips) mark(seq, "skipped", reason);
    for (const { item, result } of failed) mark(item.seq, "failed", result.error.slice(0, 500));
    if (seqs.length) {
      await tx.run(
        `UPDATE bulk_action_items i SET status = u.status::"WorkItemStatus", last_error = u.err,
                attempts = i.attempts + 1, done_at = $5::timestamptz
           FROM unnest($2::int[], $3::text[], $4::text[]) AS u(seq, status, err)
          WHERE i.bulk_action_id = $1::uuid AND i.seq = u.seq`,
        [claim.bulkActionId, seqs, statuses, errors, at.toISOString()],
      );
    }
    await tx.run(
      `UPDATE bulk_action_batches SET status = 'done', lease_owner = NULL, lease_expires_at = NULL
        WHERE bulk_action_id = $1::uuid AND batch_no = $2`,
      [claim.bulkActionId, claim.batchNo],
    );
    const finished = await updateCounters(tx, claim.bulkActionId, at, {
      succeeded: succeeded.length,
      skipped: skips.size,
      failed: failed.length,
    });

    const actor = header.requested_by_id ? { id: header.requested_by_id, email: header.requested_by_email ?? "" } : null;
    const entries: AuditEntry[] = [];
    const base = (accountId: number) => ({
      actor,
      at,
      incidentId: header.incident_id,
      targetType: ACCOUNT_AUDIT_TARGET,
      targetId: String(accountId),
    });
    for (const item of succeeded) {
      entries.push({
        ...base(item.accountId),
        action: SUCCESS_ACTION[kind],
        // Lean: the request's own entry has the reason and origin, and the
        // idempotency key is bd:<bulkActionId>:<account>:<kind> (effectKey).
        detail: {
          bulkActionId: claim.bulkActionId,
          provider: provider.name,
          ...(kind === "withdrawal_hold" ? { holdUntil: holdUntil?.toISOString() ?? null } : {}),
          ...(kind === "hold_release" ? { releaseCode: header.release_code } : {}),
        },
      });
    }
    const accountOf = new Map(items.map((item) => [item.seq, Number(item.account_id)]));
    for (const [seq, reason] of skips) {
      entries.push({
        ...base(accountOf.get(seq)!),
        action: "remediation.skipped",
        detail: { bulkActionId: claim.bulkActionId, kind, skipReason: reason },
      });
    }
    for (const { item, result } of failed) {
      entries.push({
        ...base(item.accountId),
        action: "remediation.failed",
        detail: { bulkActionId: claim.bulkActionId, kind, error: result.error.slice(0, 500), retryable: result.retryable },
      });
    }
    if (finished) {
      await refreshIncidentStats(tx, header.incident_id);
      const { status, ...tally } = finished;
      entries.push({
        actor,
        at,
        action: `bulk_action.${status}`,
        incidentId: header.incident_id,
        targetType: "bulk_action",
        targetId: claim.bulkActionId,
        detail: tally,
      });
    }
    await appendAuditEntries(tx, entries);
    await crashPoint("audit");
    return {
      lost: false,
      succeeded: succeeded.length,
      skipped: skips.size,
      failed: failed.length,
      finished: finished !== null,
      header,
      final: finished,
      actor,
    };
  });
  // The "finished" timeline event, after the commit; if this process dies
  // first, the next sweep records it (recordMissingFinishEvents).
  if (outcome.final && outcome.header && outcome.header.origin !== "single" && outcome.final.status === "completed") {
    await recordFinishEvent(db, claim.bulkActionId, outcome.header, at, outcome.actor ?? null, outcome.final);
  }
  return { lost: outcome.lost, succeeded: outcome.succeeded, skipped: outcome.skipped, failed: outcome.failed, finished: outcome.finished };
}

async function applyRemediationState(
  tx: SqlQueryable,
  header: Header,
  bulkActionId: string,
  kind: ActionKind,
  accountIds: number[],
  at: Date,
  holdUntil: Date | null,
): Promise<void> {
  if (accountIds.length === 0) return;
  const iso = at.toISOString();
  if (kind === "password_reset") {
    await tx.run(
      `INSERT INTO account_remediation AS ar (incident_id, account_id, reset_status, reset_sent_at, first_action_at, updated_at)
       SELECT $1::uuid, a, 'sent', $3::timestamptz, $3::timestamptz, $3::timestamptz FROM unnest($2::int[]) AS a
       ON CONFLICT (incident_id, account_id) DO UPDATE SET
         reset_status = 'sent', reset_sent_at = excluded.reset_sent_at,
         first_action_at = coalesce(ar.first_action_at, excluded.first_action_at), updated_at = excluded.updated_at`,
      [header.incident_id, accountIds, iso],
    );
  } else if (kind === "withdrawal_hold") {
    await tx.run(
      `WITH placed AS (
         INSERT INTO withdrawal_holds (id, incident_id, account_id, status, reason, placed_at, expires_at, placed_by_id, bulk_action_id)
         SELECT gen_random_uuid(), $1::uuid, a, 'active', $4, $3::timestamptz, $5::timestamptz, $6::uuid, $7::uuid
           FROM unnest($2::int[]) AS a
         RETURNING id, account_id
       )
       INSERT INTO account_remediation AS ar (incident_id, account_id, hold_status, hold_id, hold_until, hold_changed_at,
                                              first_action_at, updated_at)
       SELECT $1::uuid, p.account_id, 'active', p.id, $5::timestamptz, $3::timestamptz, $3::timestamptz, $3::timestamptz
         FROM placed p
       ON CONFLICT (incident_id, account_id) DO UPDATE SET
         hold_status = 'active', hold_id = excluded.hold_id, hold_until = excluded.hold_until,
         hold_changed_at = excluded.hold_changed_at,
         first_action_at = coalesce(ar.first_action_at, excluded.first_action_at), updated_at = excluded.updated_at`,
      [header.incident_id, accountIds, iso, header.reason, holdUntil?.toISOString() ?? null, header.requested_by_id, bulkActionId],
    );
  } else {
    await tx.run(
      `WITH released AS (
         UPDATE withdrawal_holds w
            SET status = 'released', ended_at = $3::timestamptz, released_by_id = $4::uuid,
                release_code = $5::"HoldReleaseCode", release_note = $6, release_bulk_action_id = $7::uuid
           FROM account_remediation ar
          WHERE ar.incident_id = $1::uuid AND ar.account_id = ANY($2::int[]) AND w.id = ar.hold_id AND w.status = 'active'
         RETURNING w.account_id
       )
       UPDATE account_remediation ar SET hold_status = 'released', hold_changed_at = $3::timestamptz, updated_at = $3::timestamptz
         FROM released r WHERE ar.incident_id = $1::uuid AND ar.account_id = r.account_id`,
      [header.incident_id, accountIds, iso, header.requested_by_id, header.release_code, header.reason, bulkActionId],
    );
  }
}

export type FinalCounts = { status: string; succeeded: number; skipped: number; failed: number; cancelled: number };

/**
 * Adds the batch's counts to its action (the row lock serialises workers
 * finishing batches of one action) and, when no batch is left, finishes it.
 * Returns the final counts when this batch was the last.
 */
async function updateCounters(
  tx: SqlQueryable,
  bulkActionId: string,
  at: Date,
  delta: { succeeded: number; skipped: number; failed: number },
): Promise<FinalCounts | null> {
  const [row] = await tx.query<FinalCounts>(
    `UPDATE bulk_actions SET succeeded = succeeded + $2, skipped = skipped + $3, failed = failed + $4, updated_at = $5::timestamptz
      WHERE id = $1::uuid
      RETURNING status::text AS status, succeeded, skipped, failed, cancelled`,
    [bulkActionId, delta.succeeded, delta.skipped, delta.failed, at.toISOString()],
  );
  const [left] = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM bulk_action_batches WHERE bulk_action_id = $1::uuid AND status <> 'done'`,
    [bulkActionId],
  );
  if (!row || Number(left?.n ?? 0) > 0) return null;
  const status = row.status === "cancelled" ? "cancelled" : "completed";
  await tx.run(
    `UPDATE bulk_actions SET status = $2::"BulkActionStatus", finished_at = $3::timestamptz WHERE id = $1::uuid`,
    [bulkActionId, status, at.toISOString()],
  );
  return {
    status,
    succeeded: Number(row.succeeded),
    skipped: Number(row.skipped),
    failed: Number(row.failed),
    cancelled: Number(row.cancelled),
  };
}

/**
 * The timeline's "finished" event of a completed bulk action, once (its
 * external id is unique per incident: a second attempt finds the first).
 */
export async function recordFinishEvent(
  db: Db,
  bulkActionId: string,
  header: { incident_id: string; kind: ActionKind; total: number },
  at: Date,
  actor: { id: string; email: string } | null,
  counts: FinalCounts,
): Promise<void> {
  const tally = { succeeded: counts.succeeded, skipped: counts.skipped, failed: counts.failed, cancelled: counts.cancelled };
  try {
    await db.prisma.$transaction((ptx) =>
      recordBulkTimelineEvent(
        ptx,
        { id: bulkActionId, incidentId: header.incident_id, kind: header.kind, total: Number(header.total) },
        "finished",
        { at, actor, counts: tally },
      ),
    );
  } catch (error) {
    if (prismaErrorCode(error) !== "P2002") throw error;
  }
}

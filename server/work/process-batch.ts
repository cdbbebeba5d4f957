import { effectKey, type ActionKind, type SkipReason } from "../../lib/remediation/actions";
import { appendAuditEntries, type AuditEntry } from "../audit/record-audit";
import { prismaErrorCode } from "../errors";
import type { Db } from "../db";
import type { SqlQueryable } from "../db/driver";
import type {
  AccountProvider,
  ExternalApplyOutcome,
  ExternalProvider,
  ProviderItem,
  ProviderResult,
} from "../providers/account-provider";
import { remediationConfig } from "../remediation/remediation-config";
import { ACCOUNT_AUDIT_TARGET } from "../accounts/list-account-audit";
import { refreshIncidentStats } from "../incidents/refresh-incident-stats";
import { recordBulkTimelineEvent } from "../remediation/bulk-timeline";
import type { ClaimedBatch } from "./claim-batch";
import { crashPoint } from "./crash-point";
import { applyLateWebhookEvents } from "../webhooks/apply-late-webhook-events";

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
  attempts: number;
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

/** The most times an item is sent to an external provider before it fails for good. */
export const MAX_ITEM_CALLS = 25;

type Plan = {
  header: Header;
  items: ItemRow[];
  skips: Map<number, SkipReason>;
  toApply: (ProviderItem & { seq: number })[];
  holdUntil: Date | null;
};

const LOST = { lost: true, succeeded: 0, skipped: 0, failed: 0, finished: false } as const;

/**
 * Runs one leased batch. With a transactional provider (the built-in one) the
 * side effects, the accounts' remediation state, the items' status, the
 * action's counters and the audit entries commit together, or not at all. A
 * worker that dies anywhere in here leaves the batch as it was, leased until
 * its lease runs out; whoever runs it next finds the same items still to do,
 * and the provider's idempotency keys make a repeat impossible.
 *
 * With an external provider (the exchange over HTTP) the call cannot be part
 * of a database transaction, so a batch takes two: the first marks the items
 * in progress (and the resets "requested"), then the exchange is called with
 * the lease kept alive, then the second records what the exchange answered.
 * A worker that dies between the two leaves the items in progress; the next
 * one sends them again with the same idempotency keys, and the exchange
 * answers with its first result instead of acting twice (the contract).
 */
export async function processBatch(
  db: Db,
  claim: ClaimedBatch,
  options: { workerId: string; provider: AccountProvider; clock?: () => Date },
): Promise<BatchOutcome> {
  const provider = options.provider;
  const clock = options.clock ?? (() => new Date());
  const at = clock();
  if (!provider.transactional) return processExternalBatch(db, claim, { ...options, provider, clock });
  // Plain SQL on the driver, not a Prisma transaction: a batch is a dozen
  // set-based statements over arrays of a thousand, which Prisma's parameter
  // handling made about twice as slow.
  const outcome = await db.sql.transaction(async (tx) => {
    const plan = await loadPlan(tx, claim, options.workerId, at);
    if (!plan) return null;
    const results = await provider.apply(tx, plan.toApply, at);
    await crashPoint("after-effect");
    return commitResults(tx, claim, plan, results, { at, providerName: provider.name });
  });
  return finishOutcome(db, claim, outcome, at);
}

async function processExternalBatch(
  db: Db,
  claim: ClaimedBatch,
  options: { workerId: string; provider: ExternalProvider; clock: () => Date },
): Promise<BatchOutcome> {
  const { provider, workerId } = options;
  const startedAt = options.clock();
  const plan = await db.sql.transaction(async (tx) => {
    const loaded = await loadPlan(tx, claim, workerId, startedAt);
    if (loaded) await markInFlight(tx, claim, loaded, startedAt);
    return loaded;
  });
  if (!plan) return LOST;
  await crashPoint("exchange-call");
  const lease = keepLeaseAlive(db, claim, workerId);
  let answer: ExternalApplyOutcome;
  try {
    answer = plan.toApply.length ? await provider.apply(plan.toApply, { signal: lease.signal }) : { results: [] };
  } catch (error) {
    if (lease.signal.aborted) return LOST;
    throw error;
  } finally {
    lease.stop();
  }
  await crashPoint("after-effect");
  const at = options.clock();
  const outcome = await db.sql.transaction(async (tx) => {
    const [held] = await tx.query<{ status: string }>(
      `SELECT a.status::text AS status FROM bulk_action_batches b JOIN bulk_actions a ON a.id = b.bulk_action_id
        WHERE b.bulk_action_id = $1::uuid AND b.batch_no = $2 AND b.status = 'leased' AND b.lease_owner = $3
        FOR UPDATE OF b`,
      [claim.bulkActionId, claim.batchNo, workerId],
    );
    // The lease ran out while the exchange was called: the worker that took
    // the batch over sends the same keys and records the answer.
    if (!held) return null;
    return commitResults(tx, claim, plan, answer.results, {
      at,
      providerName: provider.name,
      external: {
        actionStatus: held.status,
        unavailable: answer.unavailable ?? null,
        cooldownSeconds: provider.cooldownSeconds,
        batchAttempts: claim.attempts,
      },
    });
  });
  return finishOutcome(db, claim, outcome, at);
}

/** Locks the batch (if still ours) and its items, and decides what each item needs. */
async function loadPlan(tx: SqlQueryable, claim: ClaimedBatch, workerId: string, at: Date): Promise<Plan | null> {
  const [header] = await tx.query<Header>(
    `SELECT a.kind::text AS kind, a.incident_id::text AS incident_id, a.origin::text AS origin, a.hold_hours,
            a.release_code::text AS release_code, a.reason, a.requested_by_id::text AS requested_by_id,
            s.email AS requested_by_email, a.total
       FROM bulk_action_batches b
       JOIN bulk_actions a ON a.id = b.bulk_action_id
       LEFT JOIN staff_users s ON s.id = a.requested_by_id
      WHERE b.bulk_action_id = $1::uuid AND b.batch_no = $2 AND b.status = 'leased' AND b.lease_owner = $3
      FOR UPDATE OF b`,
    [claim.bulkActionId, claim.batchNo, workerId],
  );
  // The lease ran out and another worker took the batch over: it is theirs now.
  if (!header) return null;
  const items = await tx.query<ItemRow>(
    `SELECT i.seq, i.account_id, c.external_id, ar.reset_status::text AS reset_status,
            ar.hold_status::text AS hold_status, ar.hold_until, i.attempts
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
  const toApply: Plan["toApply"] = [];
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
  return { header, items, skips, toApply, holdUntil };
}

/** Before an external call: the items are in progress, and resets not yet sent are "requested". */
async function markInFlight(tx: SqlQueryable, claim: ClaimedBatch, plan: Plan, at: Date): Promise<void> {
  if (plan.toApply.length === 0) return;
  await tx.run(
    `UPDATE bulk_action_items SET status = 'in_progress' WHERE bulk_action_id = $1::uuid AND seq = ANY($2::int[])`,
    [claim.bulkActionId, plan.toApply.map((i) => i.seq)],
  );
  if (plan.header.kind === "password_reset") {
    await tx.run(
      `INSERT INTO account_remediation AS ar (incident_id, account_id, reset_status, reset_requested_at, updated_at)
       SELECT $1::uuid, a, 'requested', $3::timestamptz, $3::timestamptz FROM unnest($2::int[]) AS a
       ON CONFLICT (incident_id, account_id) DO UPDATE SET
         reset_status = 'requested', reset_requested_at = excluded.reset_requested_at, updated_at = excluded.updated_at
       WHERE ar.reset_status = 'none'`,
      [plan.header.incident_id, plan.toApply.map((i) => i.accountId), at.toISOString()],
    );
  }
}

/**
 * Extends the batch's lease while an external call runs (every third of the
 * lease). If the lease was lost anyway (this process stalled), the signal
 * aborts the call: another worker owns the batch now.
 */
function keepLeaseAlive(db: Db, claim: ClaimedBatch, workerId: string): { signal: AbortSignal; stop(): void } {
  const controller = new AbortController();
  const seconds = remediationConfig().leaseSeconds;
  const timer = setInterval(() => {
    db.sql
      .query<{ ok: number }>(
        `UPDATE bulk_action_batches SET lease_expires_at = now() + make_interval(secs => $4)
          WHERE bulk_action_id = $1::uuid AND batch_no = $2 AND status = 'leased' AND lease_owner = $3
          RETURNING 1 AS ok`,
        [claim.bulkActionId, claim.batchNo, workerId, seconds],
      )
      .then((rows) => {
        if (rows.length === 0) controller.abort(new Error("The batch's lease was lost"));
      })
      .catch(() => undefined);
  }, Math.max(200, (seconds * 1000) / 3));
  timer.unref?.();
  return { signal: controller.signal, stop: () => clearInterval(timer) };
}

type CommitOptions = {
  at: Date;
  providerName: string;
  external?: {
    actionStatus: string;
    unavailable: string | null;
    cooldownSeconds: number;
    batchAttempts: number;
  };
};

type Committed = {
  succeeded: number;
  skipped: number;
  failed: number;
  header: Header;
  final: FinalCounts | null;
  actor: { id: string; email: string } | null;
};

/** Records what the provider answered: state, items, batch, counters, audit. */
async function commitResults(
  tx: SqlQueryable,
  claim: ClaimedBatch,
  plan: Plan,
  results: readonly ProviderResult[],
  options: CommitOptions,
): Promise<Committed> {
  const { header, skips, toApply, holdUntil } = plan;
  const { at, external } = options;
  const kind = header.kind;
  const attemptsOf = new Map(plan.items.map((item) => [item.seq, Number(item.attempts ?? 0)]));
  const succeeded = toApply.filter((_, i) => results[i]?.ok);
  // The exchange's own time for each effect (ours when it gave none).
  const exchangeTimes = toApply.flatMap((_, i) => {
    const result = results[i];
    return result?.ok ? [(result.appliedAt ?? at).toISOString()] : [];
  });
  const failed: { item: (typeof toApply)[number]; error: string; retryable: boolean }[] = [];
  const requeued: { item: (typeof toApply)[number]; error: string }[] = [];
  const cancelling = external?.actionStatus === "cancelled";
  toApply.forEach((item, i) => {
    const result = results[i];
    if (!result || result.ok) return;
    const calls = attemptsOf.get(item.seq)! + (result.calls ?? 1);
    if (!result.retryable || calls >= MAX_ITEM_CALLS) failed.push({ item, error: result.error, retryable: result.retryable });
    else if (cancelling)
      failed.push({
        item,
        retryable: true,
        error: `The action was cancelled before the exchange confirmed this item (it may have been applied): ${result.error}`,
      });
    else requeued.push({ item, error: result.error });
  });
  const succeededIds = succeeded.map((i) => i.accountId);
  await applyRemediationState(tx, header, claim.bulkActionId, kind, succeededIds, exchangeTimes, at, holdUntil);
  // Webhook events that reached us before this record (they found nothing to
  // change then) and that follow the exchange's act: applied now.
  const late = await applyLateWebhookEvents(tx, header.incident_id, kind, succeededIds, at);
  if (external && kind === "password_reset" && failed.length) {
    // Never sent after all: the reset goes back to "none".
    await tx.run(
      `UPDATE account_remediation SET reset_status = 'none', reset_requested_at = NULL, updated_at = $3::timestamptz
        WHERE incident_id = $1::uuid AND account_id = ANY($2::int[]) AND reset_status = 'requested'`,
      [header.incident_id, failed.map((f) => f.item.accountId), at.toISOString()],
    );
  }

  const seqs: number[] = [];
  const statuses: string[] = [];
  const errors: (string | null)[] = [];
  const calls: number[] = [];
  const callsBySeq = new Map(toApply.map((item, i) => [item.seq, results[i]?.calls ?? 1]));
  const callsOf = (item: ProviderItem & { seq: number }) => callsBySeq.get(item.seq) ?? 1;
  const mark = (seq: number, status: string, error: string | null, n: number) => {
    seqs.push(seq);
    statuses.push(status);
    errors.push(error);
    calls.push(n);
  };
  for (const item of succeeded) mark(item.seq, "succeeded", null, external ? callsOf(item) : 1);
  for (const [seq, reason] of skips) mark(seq, "skipped", reason, external ? 0 : 1);
  for (const { item, error } of failed) mark(item.seq, "failed", error.slice(0, 500), external ? callsOf(item) : 1);
  for (const { item, error } of requeued) mark(item.seq, "queued", error.slice(0, 500), callsOf(item));
  if (seqs.length) {
    await tx.run(
      `UPDATE bulk_action_items i SET status = u.status::"WorkItemStatus", last_error = u.err,
              attempts = i.attempts + u.calls,
              done_at = CASE WHEN u.status = 'queued' THEN NULL ELSE $6::timestamptz END
         FROM unnest($2::int[], $3::text[], $4::text[], $5::int[]) AS u(seq, status, err, calls)
        WHERE i.bulk_action_id = $1::uuid AND i.seq = u.seq`,
      [claim.bulkActionId, seqs, statuses, errors, calls, at.toISOString()],
    );
  }
  if (requeued.length) {
    // Back to the queue after a pause that grows with the batch's attempts.
    await tx.run(
      `UPDATE bulk_action_batches SET status = 'queued', lease_owner = NULL, lease_expires_at = NULL,
              run_after = now() + make_interval(secs => $3)
        WHERE bulk_action_id = $1::uuid AND batch_no = $2`,
      [claim.bulkActionId, claim.batchNo, Math.min(60, 0.5 * 2 ** Math.min(external?.batchAttempts ?? 1, 7))],
    );
  } else {
    await tx.run(
      `UPDATE bulk_action_batches SET status = 'done', lease_owner = NULL, lease_expires_at = NULL
        WHERE bulk_action_id = $1::uuid AND batch_no = $2`,
      [claim.bulkActionId, claim.batchNo],
    );
  }
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
        provider: options.providerName,
        ...(kind === "withdrawal_hold" ? { holdUntil: holdUntil?.toISOString() ?? null } : {}),
        ...(kind === "hold_release" ? { releaseCode: header.release_code } : {}),
      },
    });
  }
  const accountOf = new Map(plan.items.map((item) => [item.seq, Number(item.account_id)]));
  for (const [seq, reason] of skips) {
    entries.push({
      ...base(accountOf.get(seq)!),
      action: "remediation.skipped",
      detail: { bulkActionId: claim.bulkActionId, kind, skipReason: reason },
    });
  }
  for (const { item, error, retryable } of failed) {
    entries.push({
      ...base(item.accountId),
      action: "remediation.failed",
      detail: { bulkActionId: claim.bulkActionId, kind, error: error.slice(0, 500), retryable },
    });
  }
  if (external?.unavailable && external.actionStatus === "running") {
    const resumeAt = new Date(Date.now() + external.cooldownSeconds * 1000);
    const message = `${external.unavailable} Paused by the circuit breaker; it resumes by itself after ${formatSeconds(external.cooldownSeconds)}.`;
    await tx.run(
      `UPDATE bulk_actions SET status = 'paused', pause_reason = $2, auto_resume_at = $3::timestamptz, updated_at = $4::timestamptz
        WHERE id = $1::uuid AND status = 'running'`,
      [claim.bulkActionId, message.slice(0, 1000), resumeAt.toISOString(), at.toISOString()],
    );
    entries.push({
      actor: null,
      at,
      action: "bulk_action.paused_by_breaker",
      incidentId: header.incident_id,
      targetType: "bulk_action",
      targetId: claim.bulkActionId,
      detail: { reason: external.unavailable.slice(0, 500), resumeAt: resumeAt.toISOString() },
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
  entries.push(...late);
  await appendAuditEntries(tx, entries);
  await crashPoint("audit");
  return { succeeded: succeeded.length, skipped: skips.size, failed: failed.length, header, final: finished, actor };
}

/** The "finished" timeline event after the commit; if this process dies first, the next sweep records it. */
async function finishOutcome(db: Db, claim: ClaimedBatch, outcome: Committed | null, at: Date): Promise<BatchOutcome> {
  if (!outcome) return LOST;
  if (outcome.final && outcome.header.origin !== "single" && outcome.final.status === "completed") {
    await recordFinishEvent(db, claim.bulkActionId, outcome.header, at, outcome.actor, outcome.final);
  }
  return {
    lost: false,
    succeeded: outcome.succeeded,
    skipped: outcome.skipped,
    failed: outcome.failed,
    finished: outcome.final !== null,
  };
}

function formatSeconds(seconds: number): string {
  return seconds >= 120 ? `${Math.round(seconds / 60)} minutes` : `${Math.round(seconds)} s`;
}

async function applyRemediationState(
  tx: SqlQueryable,
  header: Header,
  bulkActionId: string,
  kind: ActionKind,
  accountIds: number[],
  exchangeTimes: string[],
  at: Date,
  holdUntil: Date | null,
): Promise<void> {
  if (accountIds.length === 0) return;
  const iso = at.toISOString();
  if (kind === "password_reset") {
    await tx.run(
      `INSERT INTO account_remediation AS ar (incident_id, account_id, reset_status, reset_sent_at, reset_applied_at,
                                              first_action_at, updated_at)
       SELECT $1::uuid, a.id, 'sent', $3::timestamptz, a.applied, $3::timestamptz, $3::timestamptz
         FROM unnest($2::int[], $4::text[]::timestamptz[]) AS a(id, applied)
       ON CONFLICT (incident_id, account_id) DO UPDATE SET
         -- A completion the exchange reported before this commit (webhooks race) stays.
         reset_status = CASE WHEN ar.reset_status = 'completed' THEN ar.reset_status ELSE 'sent' END,
         reset_sent_at = excluded.reset_sent_at, reset_applied_at = excluded.reset_applied_at,
         first_action_at = coalesce(ar.first_action_at, excluded.first_action_at), updated_at = excluded.updated_at`,
      [header.incident_id, accountIds, iso, exchangeTimes],
    );
  } else if (kind === "withdrawal_hold") {
    await tx.run(
      `WITH placed AS (
         INSERT INTO withdrawal_holds (id, incident_id, account_id, status, reason, placed_at, expires_at, placed_by_id,
                                       bulk_action_id, exchange_placed_at)
         SELECT gen_random_uuid(), $1::uuid, a.id, 'active', $4, $3::timestamptz, $5::timestamptz, $6::uuid, $7::uuid, a.applied
           FROM unnest($2::int[], $8::text[]::timestamptz[]) AS a(id, applied)
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
      [
        header.incident_id,
        accountIds,
        iso,
        header.reason,
        holdUntil?.toISOString() ?? null,
        header.requested_by_id,
        bulkActionId,
        exchangeTimes,
      ],
    );
  } else {
    await tx.run(
      `WITH released AS (
         UPDATE withdrawal_holds w
            SET status = 'released', ended_at = $3::timestamptz, released_by_id = $4::uuid,
                release_code = $5::"HoldReleaseCode", release_note = $6, release_bulk_action_id = $7::uuid,
                exchange_ended_at = a.applied
           FROM account_remediation ar, unnest($2::int[], $8::text[]::timestamptz[]) AS a(id, applied)
          WHERE ar.incident_id = $1::uuid AND ar.account_id = a.id AND w.id = ar.hold_id AND w.status = 'active'
         RETURNING w.account_id
       )
       UPDATE account_remediation ar SET hold_status = 'released', hold_changed_at = $3::timestamptz, updated_at = $3::timestamptz
         FROM released r WHERE ar.incident_id = $1::uuid AND ar.account_id = r.account_id`,
      [header.incident_id, accountIds, iso, header.requested_by_id, header.release_code, header.reason, bulkActionId, exchangeTimes],
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

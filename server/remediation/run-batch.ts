import { effectKey, type ActionKind, type SkipReason } from "../../lib/remediation/actions";
import { appendAuditEntries, type AuditActor, type AuditEntry } from "../audit/record-audit";
import type { Db } from "../db";
import type { SqlQueryable } from "../db/driver";
import type {
  AccountProvider,
  ExternalApplyOutcome,
  ExternalProvider,
  LocalProviderItem,
  ProviderItem,
  ProviderResult,
} from "../providers/account-provider";
import { ACCOUNT_AUDIT_TARGET } from "../accounts/list-account-audit";
import { backoffSeconds } from "../jobs/backoff";
import { crashPoint } from "../jobs/crash-point";
import { finishOnce } from "../jobs/four-eyes-flow";
import { keepLeaseAlive } from "../jobs/lease";
import { bulkActionRequests } from "./bulk-action-requests";
import { remediationConfig } from "./remediation-config";
import { recordHoldsPlaced, recordHoldsReleased, recordResetsSent } from "./sql/apply-remediation-state";
import type { ClaimedBatch } from "./sql/claim-batch";
import { loadBatchItems, lockAccountsToHold, type BatchItem } from "./sql/load-batch-items";
import { lockBatchHeader, lockHeldBatch, type BatchHeader } from "./sql/lock-batch";
import { lockHoldsToRelease, markItemsInProgress, markResetsRequested, undoRequestedResets } from "./sql/mark-in-flight";
import { markNotSent, recordAllSucceeded, recordItemResults, type ItemResults } from "./sql/record-item-results";
import { completeBatch, extendBatchLease, requeueBatch } from "./sql/settle-batch";
import { emitEvent } from "../events/emit-event";
import { announceBreakerPause } from "./announce-breaker-pause";
import { pauseByBreaker, updateCounters, type FinalCounts } from "./sql/update-counters";
import { applyLateWebhookEvents } from "../webhooks/apply-late-webhook-events";
import { addActiveHolds, countActiveHolds } from "../incidents/refresh-incident-stats";

type Header = BatchHeader;
type ItemRow = BatchItem;

export type BatchOutcome = { lost: boolean; succeeded: number; skipped: number; failed: number; finished: boolean };

const SUCCESS_ACTION: Record<ActionKind, string> = {
  password_reset: "remediation.password_reset_forced",
  withdrawal_hold: "remediation.withdrawal_hold_placed",
  hold_release: "remediation.withdrawal_hold_released",
};

/** Why an item is no longer needed when its turn comes (another action got there first). */
function skipAtRun(kind: ActionKind, item: ItemRow, at: Date): SkipReason | null {
  const holdActive =
    item.hold_status === "active" && (item.hold_until === null || item.hold_until.getTime() > at.getTime());
  if (kind === "password_reset" && (item.reset_status === "sent" || item.reset_status === "completed"))
    return "reset_already_done";
  if (kind === "withdrawal_hold" && holdActive) return "hold_already_active";
  if (kind === "withdrawal_hold" && item.held_elsewhere) return "held_in_another_incident";
  if (kind === "hold_release" && !holdActive) return "no_active_hold";
  return null;
}

/** The most times an item is sent to an external provider before it fails for good. */
const MAX_ITEM_CALLS = 25;

type Plan = {
  header: Header;
  items: ItemRow[];
  skips: Map<number, SkipReason>;
  toApply: (LocalProviderItem & { seq: number; externalId: string | null })[];
  holdUntil: Date | null;
  /** Accounts whose items are not sent this time: back in the queue without counting as a call (withWaiting). */
  waiting: Set<number>;
  /** Items (seqs) sent by an earlier call whose answer was lost: the exchange may have acted on them. */
  sentBefore: Set<number>;
};

const LOST = { lost: true, succeeded: 0, skipped: 0, failed: 0, finished: false } as const;

/**
 * Runs one leased batch. With a transactional provider (the built-in one) the
 * side effects, the accounts' remediation state, the items' status, the
 * action's counters, the audit entries and (when the batch is the action's
 * last) the timeline's "finished" milestone commit together, or not at all. A
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
    const plan = await loadPlan(tx, claim, options.workerId, at, { external: false });
    if (!plan) return null;
    const sending = toSend(plan);
    const results = withWaiting(plan, sending.length ? await provider.apply(tx, sending, at) : []);
    await crashPoint("after-effect");
    return commitResults(tx, claim, plan, results, { at, providerName: provider.name });
  });
  return outcomeOf(outcome);
}

async function processExternalBatch(
  db: Db,
  claim: ClaimedBatch,
  options: { workerId: string; provider: ExternalProvider; clock: () => Date },
): Promise<BatchOutcome> {
  const { provider, workerId } = options;
  const startedAt = options.clock();
  const marked = await db.sql.transaction(async (tx) => {
    const loaded = await loadPlan(tx, claim, workerId, startedAt, { external: true });
    if (loaded) await markInFlight(tx, claim, loaded, startedAt);
    return loaded;
  });
  if (!marked) return LOST;
  const plan = marked;
  await crashPoint("exchange-call");
  const { leaseSeconds } = remediationConfig();
  const lease = keepLeaseAlive(() => extendBatchLease(db.sql, claim, workerId, leaseSeconds), leaseSeconds);
  const sending = toSend(plan);
  let answer: ExternalApplyOutcome;
  try {
    answer = sending.length ? await provider.apply(forExchange(sending), { signal: lease.signal }) : { results: [] };
  } catch (error) {
    if (lease.signal.aborted) return LOST;
    throw error;
  } finally {
    lease.stop();
  }
  answer = { ...answer, results: withWaiting(plan, answer.results) };
  await crashPoint("after-effect");
  const at = options.clock();
  const outcome = await db.sql.transaction(async (tx) => {
    const held = await lockHeldBatch(tx, claim, workerId);
    // The lease ran out while the exchange was called: the worker that took
    // the batch over sends the same keys and records the answer.
    if (!held) return null;
    return commitResults(tx, claim, plan, answer.results, {
      at,
      providerName: provider.name,
      external: {
        actionStatus: held.status,
        unavailable: answer.unavailable ?? null,
        signatureRefused: answer.signatureRefused ?? null,
        cooldownSeconds: provider.cooldownSeconds,
        batchAttempts: claim.attempts,
      },
    });
  });
  return outcomeOf(outcome);
}

/** Locks the batch (if still ours) and its items, and decides what each item needs. */
async function loadPlan(
  tx: SqlQueryable,
  claim: ClaimedBatch,
  workerId: string,
  at: Date,
  { external }: { external: boolean },
): Promise<Plan | null> {
  const header = await lockBatchHeader(tx, claim, workerId);
  // The lease ran out and another worker took the batch over: it is theirs now.
  if (!header) return null;
  const kind = header.kind;
  // Before the items are read: whether another incident holds an account is read after its lock.
  const locked = kind === "withdrawal_hold" ? await lockAccountsToHold(tx, claim) : null;
  const items = await loadBatchItems(tx, claim, header.incident_id, {
    withExternalIds: external,
    heldElsewhereAt: kind === "withdrawal_hold" ? at : null,
  });
  const holdUntil = kind === "withdrawal_hold" && header.hold_until !== null ? new Date(header.hold_until) : null;
  const skips = new Map<number, SkipReason>();
  const toApply: Plan["toApply"] = [];
  for (const item of items) {
    const skip = skipAtRun(kind, item, at);
    if (skip) skips.set(item.seq, skip);
    else
      toApply.push({
        seq: item.seq,
        idempotencyKey: effectKey(claim.bulkActionId, item.account_id, kind),
        accountId: item.account_id,
        externalId: item.external_id,
        kind,
        holdUntil,
      });
  }
  const accounts = toApply.map((item) => item.accountId);
  const waiting = locked
    ? new Set(accounts.filter((id) => !locked.has(id)))
    : kind === "hold_release" && external
      ? await lockHoldsToRelease(tx, header.incident_id, accounts)
      : new Set<number>();
  // Cancelled after an earlier run of this batch read the action as running
  // (and put these items back in the queue): only what was sent before goes
  // to the exchange again, to learn what it did; the rest is held back, and
  // so cancelled.
  const sentBefore = new Set(items.filter((item) => item.sent).map((item) => item.seq));
  if (external && header.status === "cancelled") {
    for (const item of toApply) if (!sentBefore.has(item.seq)) waiting.add(item.accountId);
  }
  return { header, items, skips, toApply, holdUntil, waiting, sentBefore };
}

/** The items sent to the provider this time: all but those waiting. */
function toSend(plan: Plan): Plan["toApply"] {
  return plan.waiting.size ? plan.toApply.filter((item) => !plan.waiting.has(item.accountId)) : plan.toApply;
}

/** The items as the exchange is sent them, with its ids (loaded for an external provider). */
function forExchange(items: Plan["toApply"]): ProviderItem[] {
  return items.map(({ externalId, ...item }) => {
    if (externalId === null) throw new Error(`Account ${item.accountId} was loaded without its exchange id`);
    return { ...item, externalId };
  });
}

/**
 * Before an external call: the batch's items are in progress, those it will
 * skip or hold back too (a cancel during the call must leave them to this
 * batch, not count them cancelled as well as skipped), but only those it
 * sends are marked sent; resets not yet sent are "requested".
 */
async function markInFlight(tx: SqlQueryable, claim: ClaimedBatch, plan: Plan, at: Date): Promise<void> {
  if (plan.items.length === 0) return;
  const sending = toSend(plan);
  await markItemsInProgress(
    tx,
    claim.bulkActionId,
    plan.items.map((i) => i.seq),
    sending.map((i) => i.seq),
  );
  const accounts = sending.map((i) => i.accountId);
  if (plan.header.kind === "password_reset" && accounts.length > 0) {
    await markResetsRequested(tx, plan.header.incident_id, accounts, at);
  }
}

/** Why an item was not sent this time; it goes back in the queue without counting as a call. */
const WAITING: Partial<Record<ActionKind, string>> = {
  hold_release: "An extension of this hold may be at the exchange; the release waits for it.",
  withdrawal_hold: "Someone else was changing this account (perhaps another incident's hold); the hold waits its turn.",
};

/** The provider's answers for the items sent, and a wait for those held back, in the plan's order. */
function withWaiting(plan: Plan, sent: readonly ProviderResult[]): ProviderResult[] {
  if (plan.waiting.size === 0) return [...sent];
  const error = WAITING[plan.header.kind] ?? "Waiting for its turn.";
  let next = 0;
  return plan.toApply.map((item) =>
    plan.waiting.has(item.accountId) ? { ok: false, retryable: true, error, calls: 0 } : sent[next++]!,
  );
}

type CommitOptions = {
  at: Date;
  providerName: string;
  external?: {
    actionStatus: string;
    unavailable: string | null;
    signatureRefused?: { status: number; detail: string } | null;
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
  const { header, skips, toApply, holdUntil, sentBefore } = plan;
  const { at, external } = options;
  const kind = header.kind;
  const attemptsOf = new Map(plan.items.map((item) => [item.seq, item.attempts]));
  const succeeded = toApply.filter((_, i) => results[i]?.ok);
  // The exchange's own time for each effect (ours when it gave none).
  const exchangeTimes = toApply.flatMap((_, i) => {
    const result = results[i];
    return result?.ok ? [(result.appliedAt ?? at).toISOString()] : [];
  });
  const failed: { item: (typeof toApply)[number]; error: string; retryable: boolean }[] = [];
  const requeued: { item: (typeof toApply)[number]; error: string }[] = [];
  const unsent: (typeof toApply)[number][] = [];
  const cancelling = external?.actionStatus === "cancelled";
  toApply.forEach((item, i) => {
    const result = results[i];
    if (!result || result.ok) return;
    const calls = attemptsOf.get(item.seq)! + (result.calls ?? 1);
    if (!result.retryable || calls >= MAX_ITEM_CALLS) failed.push({ item, error: result.error, retryable: result.retryable });
    // Held back, never sent: cancelled like the items still in the queue.
    else if (cancelling && result.calls === 0 && !sentBefore.has(item.seq)) unsent.push(item);
    // Sent before, not asked again this time (breaker open, held back): asked later, to learn what the exchange did.
    else if (cancelling && result.calls === 0) requeued.push({ item, error: result.error });
    else if (cancelling)
      failed.push({
        item,
        retryable: true,
        error: `The action was cancelled before the exchange confirmed this item (it may have been applied): ${result.error}`,
      });
    else requeued.push({ item, error: result.error });
  });
  const succeededIds = succeeded.map((i) => i.accountId);
  // Holds started or ended here move the incident's count of active holds by the difference.
  const countsHolds = kind !== "password_reset" && succeededIds.length > 0;
  const holdsBefore = countsHolds ? await countActiveHolds(tx, header.incident_id, succeededIds) : 0;
  await applyRemediationState(tx, header, claim.bulkActionId, kind, succeededIds, exchangeTimes, at, holdUntil);
  // Webhook events that reached us before this record (they found nothing to
  // change then) and that follow the exchange's act: applied now.
  const late = await applyLateWebhookEvents(tx, header.incident_id, kind, succeededIds, at);
  const holdsDelta = countsHolds ? (await countActiveHolds(tx, header.incident_id, succeededIds)) - holdsBefore : 0;
  // Not on the wire this time and never before (held back, kept back by an open breaker).
  const neverSent = external ? toApply.filter((item, i) => results[i]?.calls === 0 && !sentBefore.has(item.seq)) : [];
  if (external && kind === "password_reset" && (failed.length || neverSent.length)) {
    // Never sent after all: the reset goes back to "none".
    await undoRequestedResets(tx, header.incident_id, [...failed.map((f) => f.item), ...neverSent].map((item) => item.accountId), at);
  }

  if (!external && succeeded.length === plan.items.length) await recordAllSucceeded(tx, claim, at);
  else
    await recordItemResults(tx, claim.bulkActionId, itemResults(plan, { succeeded, failed, requeued, unsent }, results, external !== undefined), at);
  if (external) {
    // Not on the wire after all: refused for good, or never sent.
    const refused = failed.filter((f) => !f.retryable).map((f) => f.item);
    await markNotSent(tx, claim.bulkActionId, [...refused, ...neverSent].map((item) => item.seq));
  }
  if (requeued.length) {
    // Back to the queue after a pause that grows with the batch's attempts.
    await requeueBatch(tx, claim, backoffSeconds(external?.batchAttempts ?? 1, { baseSeconds: 0.5, capSeconds: 60, maxExponent: 7 }));
  } else {
    await completeBatch(tx, claim);
  }
  const settled = await updateCounters(tx, claim.bulkActionId, at, {
    succeeded: succeeded.length,
    skipped: skips.size,
    failed: failed.length,
    cancelled: unsent.length,
  });
  // After the action's row lock (updateCounters), like every other writer of the summary: one lock order.
  await addActiveHolds(tx, new Map([[header.incident_id, holdsDelta]]));

  const actor = header.requested_by_id ? { id: header.requested_by_id, email: header.requested_by_email ?? "" } : null;
  // The batch that settles the action's last item finishes it, in this
  // transaction: its final status, audit entry and "finished" milestone
  // commit with the batch or not at all.
  const finished = settled && (await finishBulkAction(tx, claim.bulkActionId, settled, { at, actor, onTimeline: header.origin !== "single" }));
  const entries: AuditEntry[] = [];
  const base = (accountId: number) => ({
    actor,
    at,
    incidentId: header.incident_id,
    targetType: ACCOUNT_AUDIT_TARGET,
    targetId: String(accountId),
  });
  // Lean: the request's own entry has the reason and origin, and the
  // idempotency key is bd:<bulkActionId>:<account>:<kind> (effectKey). One
  // object for the batch: the audit writer serialises it once.
  const successDetail = {
    bulkActionId: claim.bulkActionId,
    provider: options.providerName,
    ...(kind === "withdrawal_hold" ? { holdUntil: holdUntil?.toISOString() ?? null } : {}),
    ...(kind === "hold_release" ? { releaseCode: header.release_code } : {}),
  };
  for (const item of succeeded) {
    entries.push({ ...base(item.accountId), action: SUCCESS_ACTION[kind], detail: successDetail });
  }
  const accountOf = new Map(plan.items.map((item) => [item.seq, item.account_id]));
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
    await pauseByBreaker(tx, claim.bulkActionId, message, resumeAt, at);
    await announceBreakerPause(tx, claim.bulkActionId, { reason: external.unavailable.slice(0, 500), resumeAt, at });
    if (external.signatureRefused) await emitEvent(tx, "exchange.signature_refused", external.signatureRefused, { at });
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
  entries.push(...late);
  await appendAuditEntries(tx, entries);
  await crashPoint("audit");
  return { succeeded: succeeded.length, skipped: skips.size, failed: failed.length, header, final: finished, actor };
}

type Applied = Plan["toApply"][number];

/** Each item's new status, error and provider calls (external: as many as the exchange reports; a skip made none). */
function itemResults(
  plan: Plan,
  outcome: {
    succeeded: Applied[];
    failed: { item: Applied; error: string }[];
    requeued: { item: Applied; error: string }[];
    unsent: Applied[];
  },
  results: readonly ProviderResult[],
  external: boolean,
): ItemResults {
  const out: ItemResults = { seqs: [], statuses: [], errors: [], calls: [] };
  const callsBySeq = new Map(plan.toApply.map((item, i) => [item.seq, results[i]?.calls ?? 1]));
  const callsOf = (item: Applied) => callsBySeq.get(item.seq) ?? 1;
  const mark = (seq: number, status: string, error: string | null, n: number) => {
    out.seqs.push(seq);
    out.statuses.push(status);
    out.errors.push(error);
    out.calls.push(n);
  };
  for (const item of outcome.succeeded) mark(item.seq, "succeeded", null, external ? callsOf(item) : 1);
  for (const [seq, reason] of plan.skips) mark(seq, "skipped", reason, external ? 0 : 1);
  for (const { item, error } of outcome.failed) mark(item.seq, "failed", error.slice(0, 500), external ? callsOf(item) : 1);
  for (const { item, error } of outcome.requeued) mark(item.seq, "queued", error.slice(0, 500), callsOf(item));
  for (const item of outcome.unsent) mark(item.seq, "cancelled", null, 0);
  return out;
}

/** Finishes the action once (finishOnce); its final counts when this batch did, null when it had already finished. */
async function finishBulkAction(
  tx: SqlQueryable,
  bulkActionId: string,
  settled: FinalCounts,
  end: { at: Date; actor: AuditActor; onTimeline: boolean },
): Promise<FinalCounts | null> {
  const { status, ...counts } = settled;
  const done = await finishOnce(tx, bulkActionRequests, bulkActionId, { ...end, status, counts, auditDetail: counts });
  return done ? settled : null;
}

function outcomeOf(outcome: Committed | null): BatchOutcome {
  if (!outcome) return LOST;
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

/** What the provider did, on the accounts' remediation state: one statement per kind. */
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
  if (kind === "password_reset") await recordResetsSent(tx, header.incident_id, accountIds, exchangeTimes, at);
  else if (kind === "withdrawal_hold")
    await recordHoldsPlaced(
      tx,
      { incidentId: header.incident_id, bulkActionId, reason: header.reason, placedById: header.requested_by_id, until: holdUntil },
      accountIds,
      exchangeTimes,
      at,
    );
  else
    await recordHoldsReleased(
      tx,
      { incidentId: header.incident_id, bulkActionId, note: header.reason, releasedById: header.requested_by_id, code: header.release_code },
      accountIds,
      exchangeTimes,
      at,
    );
}

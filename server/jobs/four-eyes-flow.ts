import { z } from "zod";
import { appendAuditEntries, type AuditActor, type AuditDetail, type StaffActor } from "../audit/record-audit";
import type { Db } from "../db";
import type { SqlQueryable } from "../db/driver";
import { LONG_TRANSACTION, sqlOf, type PrismaTx } from "../db/prisma-sql";
import { AppError } from "../errors";
import {
  assertMayApprove,
  fourEyesAtRequest,
  lockFourEyesWindow,
  oncePerRequestKey,
  replayedRequest,
  startedWithoutApproval,
  type FourEyesWork,
  type RequestedStatus,
} from "./four-eyes";
import type { Sweep } from "./sweeps";

// The life of a request for work, the same for every kind that people ask
// for (bulk actions, notice campaigns):
//
//   requested ─► pending_approval ─approve─► running ─► completed | cancelled
//       │              ├─reject──► rejected                 ▲
//       │              ├─cancel──► cancelled                │ finish once
//       │              └─(sweep)─► expired                  │
//       └──(under the threshold)──► running ────────────────┘
//
// Each verb is one transaction with the request's row locked, checks the
// state it starts from, writes its milestone and its audit entry in that
// transaction, and is safe to repeat (the second time is a CONFLICT that
// changes nothing). A kind plugs in only what is its own: its table, its
// audit names, its milestones' words and what its units do on each step.

const DecisionNoteInput = z.string().trim().max(1000).optional();
export const RejectionReasonInput = z
  .string()
  .trim()
  .min(3, "Give a reason for the rejection (at least 3 characters).")
  .max(1000);

/** The steps a kind may announce outside the app (outgoing events); the kernel knows only that it may. */
export type AnnouncedStep = "approval_requested" | "approved" | "rejected" | "expired" | "finished";

export type RequestStep = "requested" | "approved" | "rejected" | "started" | "cancelled" | "expired" | "finished";

/** A request's row as the verbs read it under its lock; a kind adds its own columns. */
export type LockedRequest = {
  id: string;
  incident_id: string;
  status: string;
  requested_by_id: string | null;
  requested_by_token_id: string | null;
  expires_at: Date | string | null;
};

/** The step's who, when and why, for its milestone. */
export type StepDetail<Counts> = { at: Date; actor: AuditActor; note?: string; counts?: Counts };

/**
 * What a kind of requested work plugs into the flow. Its table has the
 * request columns every kind shares: incident_id, status, total, cancelled,
 * needs_approval, requested_by_id, requested_by_token_id, request_key,
 * skipped_at_request, decided_by_id, decided_at, decision_note, expires_at,
 * started_at, finished_at, updated_at. Names come from code, never from input.
 */
export interface RequestKind<Row extends LockedRequest, Summary, Counts> {
  readonly table: string;
  /** The status column's enum type ("BulkActionStatus"). */
  readonly statusType: string;
  /** The audit entries' target type and action prefix: "bulk_action" → "bulk_action.approved". */
  readonly auditTarget: string;
  /** How a message names one request: "bulk action", "campaign". */
  readonly noun: string;
  readonly notFound: string;
  /** What each status is, in a refusal: "This campaign is sending: it cannot be approved." */
  readonly statusWords: Readonly<Record<string, string>>;
  /** The statuses a cancel ends. */
  readonly cancellable: readonly string[];
  /**
   * Cancel locks the units before the request's row: the order the kind's
   * workers lock them in (a batch's items, then its action's counters).
   */
  readonly unitsBeforeRequest: boolean;
  /** The cancel's audit detail: how many units it cancelled, under this name ("cancelledItems"). */
  readonly cancelledUnitsKey: string;
  /** Locks one request's row (FOR UPDATE), in that incident when given; null when there is none. */
  lock(tx: SqlQueryable, id: string, incidentId?: string): Promise<Row | null>;
  summary(row: Row): Summary;
  /**
   * The step on the incident's timeline, in the caller's transaction, once
   * per step; a kind leaves off the steps it does not mark ("started").
   */
  milestone(tx: SqlQueryable, summary: Summary, step: RequestStep, detail: StepDetail<Counts>): Promise<void>;
  /** What the audit entry of a decision adds (the notice's version). */
  decisionDetail?(row: Row): AuditDetail;
  /** Cancels the units that have not started; returns how many. */
  cancelUnits(tx: SqlQueryable, id: string, at: Date): Promise<number>;
  /** Units a worker still holds after a cancel: the request finishes when the last one is answered. */
  unitsInHand(tx: SqlQueryable, id: string): Promise<number>;
  /** What a request that ends unapproved (rejected, expired) does with its queued units. */
  dropQueued?(tx: SqlQueryable, ids: readonly string[], at: Date): Promise<void>;
  /**
   * Tells the world outside of a step (outgoing events), in the step's
   * transaction: approval requested, approved, rejected, expired, finished
   * (with its final status and counts).
   */
  announce?(
    tx: SqlQueryable,
    summary: Summary,
    step: AnnouncedStep,
    detail: StepDetail<Counts> & { status?: string; expiresAt?: Date | string | null },
  ): Promise<void>;
  /** After its status changed to running, cancelled or finished (the incident's counters). */
  statusChanged?(tx: SqlQueryable, row: Row): Promise<void>;
}

// Any kind, as the parts that read only the shared columns see it.
type AnyKind = RequestKind<LockedRequest, unknown, unknown>;

/** A verb refused by the state the request is in: "This bulk action is running: it cannot be approved." */
export function stateConflict(kind: AnyKind, status: string, verb: string): AppError {
  return new AppError("CONFLICT", `This ${kind.noun} ${kind.statusWords[status] ?? status}: it cannot be ${verb}.`);
}

async function lockOrFail<Row extends LockedRequest>(
  kind: RequestKind<Row, unknown, unknown>,
  tx: SqlQueryable,
  id: string,
  incidentId?: string,
): Promise<Row> {
  const row = await kind.lock(tx, id, incidentId);
  if (!row) throw new AppError("NOT_FOUND", kind.notFound);
  return row;
}

function inTransaction<T>(
  db: Db,
  fn: (tx: SqlQueryable, ptx: PrismaTx) => Promise<T>,
  options?: typeof LONG_TRANSACTION,
) {
  return db.prisma.$transaction((ptx) => fn(sqlOf(ptx, db.sql.kind), ptx), options);
}

function auditEntry(
  kind: AnyKind,
  row: { id: string; incident_id: string },
  verb: string,
  actor: AuditActor,
  at: Date,
  detail?: AuditDetail,
) {
  return {
    actor,
    at,
    action: `${kind.auditTarget}.${verb}`,
    incidentId: row.incident_id,
    targetType: kind.auditTarget,
    targetId: row.id,
    ...(detail ? { detail } : {}),
  };
}

// ── Request ────────────────────────────────────────────────────────────────

/**
 * A request made once per (requester, request key): `create` runs in one
 * transaction (after `prepare`, outside it: reads that need the connection
 * PGlite would otherwise hold); a key already used for the same request
 * (`fingerprint`: of its incident and input, without the key) answers the
 * first request. The same key with another request is refused: answering it with
 * the first one's result would report an action nobody took. Keys outlive the
 * API's 24-hour Idempotency-Key record, so a client that reuses one later
 * meets this check, not that one.
 */
export async function requestOnce<
  S,
  P,
  R extends { id: string; status: RequestedStatus; total: number; skipped: S; replayed: boolean },
>(
  db: Db,
  kind: AnyKind,
  request: { requestKey?: string; actor: StaffActor; fingerprint: string },
  steps: { prepare: () => Promise<P>; create: (tx: SqlQueryable, ptx: PrismaTx, prepared: P) => Promise<R> },
): Promise<R> {
  const find = async (key: string) => {
    const [row] = await db.sql.query<{
      id: string;
      status: string;
      total: number;
      skippedAtRequest: unknown;
      fingerprint: string | null;
    }>(
      `SELECT id::text, status::text, total, skipped_at_request AS "skippedAtRequest", request_fingerprint AS fingerprint
         FROM ${kind.table} WHERE requested_by_id = $1::uuid AND request_key = $2`,
      [request.actor.id, key],
    );
    if (!row) return null;
    // Rows from before fingerprints were kept have none: they replay as they did.
    if (row.fingerprint !== null && row.fingerprint !== request.fingerprint) {
      throw new AppError(
        "CONFLICT",
        `This request key was already used for a different request (${kind.noun} ${row.id}). Send this request with a new key.`,
      );
    }
    // The replay answers the same fields as the first request did.
    return replayedRequest<S>({ ...row, total: Number(row.total) }) as R;
  };
  return oncePerRequestKey<R>(request.requestKey, find, async () => {
    const prepared = await steps.prepare();
    return inTransaction(
      db,
      async (tx, ptx) => {
        const created = await steps.create(tx, ptx, prepared);
        if (request.requestKey) {
          await tx.run(`UPDATE ${kind.table} SET request_fingerprint = $2 WHERE id = $1::uuid`, [created.id, request.fingerprint]);
        }
        return created;
      },
      LONG_TRANSACTION,
    );
  });
}

/**
 * Four eyes at the request, inside its transaction: the requester's window
 * locked and counted, and what a request of `total` items starts as.
 * `columns` are the request row's own (who asked, with which key, its state
 * and clock), written alike by every kind so none can get one wrong.
 */
export async function decideAtRequest(
  tx: SqlQueryable,
  work: FourEyesWork,
  actor: StaffActor,
  total: number,
  at: Date,
  options: { exempt?: boolean; requestKey?: string } = {},
) {
  await lockFourEyesWindow(tx, work, actor);
  const windowTotal = await startedWithoutApproval(tx, work, actor, at);
  const decision = fourEyesAtRequest(total, at, { exempt: options.exempt, windowTotal });
  const columns = {
    ...decision,
    requestedById: actor.id,
    requestedByTokenId: actor.tokenId ?? null,
    requestKey: options.requestKey ?? null,
    createdAt: at,
    updatedAt: at,
  };
  return { windowTotal, ...decision, columns };
}

/**
 * The request's "requested" milestone (and "started" when it runs at once)
 * and its audit entry, in its transaction.
 */
export async function recordRequested<Row extends LockedRequest, Summary>(
  tx: SqlQueryable,
  kind: RequestKind<Row, Summary, unknown>,
  request: {
    id: string;
    incidentId: string;
    summary: Summary;
    running: boolean;
    onTimeline: boolean;
    expiresAt?: Date | string | null;
  },
  detail: { at: Date; actor: StaffActor; note?: string; audit: AuditDetail },
): Promise<void> {
  const { at, actor } = detail;
  if (request.onTimeline) {
    await kind.milestone(tx, request.summary, "requested", { at, actor, note: detail.note });
    if (request.running) await kind.milestone(tx, request.summary, "started", { at, actor });
  }
  if (!request.running) {
    await kind.announce?.(tx, request.summary, "approval_requested", {
      at,
      actor,
      note: detail.note,
      expiresAt: request.expiresAt,
    });
  }
  await appendAuditEntries(tx, [
    auditEntry(kind, { id: request.id, incident_id: request.incidentId }, "requested", actor, at, detail.audit),
  ]);
}

// ── Decisions ──────────────────────────────────────────────────────────────

type VerbOptions = { at?: Date; incidentId?: string };

/**
 * Four eyes: a different staff member approves; the requester (or the
 * token's creator) never can, whatever their role, and an expired request no
 * longer can. `stepUp` first, outside the transaction (it records a code on
 * the sign-in, and PGlite has one connection).
 */
export async function approveRequest<Row extends LockedRequest, Summary>(
  db: Db,
  kind: RequestKind<Row, Summary, unknown>,
  id: string,
  actor: StaffActor,
  options: VerbOptions & { note?: string; stepUp?: () => Promise<void> } = {},
) {
  const at = options.at ?? new Date();
  const note = DecisionNoteInput.parse(options.note);
  await options.stepUp?.();
  return inTransaction(
    db,
    async (tx) => {
      const row = await lockOrFail(kind, tx, id, options.incidentId);
      assertMayApprove(row, actor, at, {
        requested: kind.noun,
        notPending: () => stateConflict(kind, row.status, "approved"),
      });
      await tx.run(
        `UPDATE ${kind.table} SET status = 'running', decided_by_id = $2::uuid, decided_at = $3::timestamptz, decision_note = $4,
              started_at = $3::timestamptz, updated_at = $3::timestamptz
        WHERE id = $1::uuid`,
        [id, actor.id, at.toISOString(), note ?? null],
      );
      await kind.statusChanged?.(tx, row);
      await kind.milestone(tx, kind.summary(row), "approved", { at, actor, note });
      await kind.milestone(tx, kind.summary(row), "started", { at, actor });
      await kind.announce?.(tx, kind.summary(row), "approved", { at, actor, note });
      await appendAuditEntries(tx, [
        auditEntry(kind, row, "approved", actor, at, { note: note ?? null, ...kind.decisionDetail?.(row) }),
      ]);
      return { id, status: "running" as const };
    },
    LONG_TRANSACTION,
  );
}

/** A different staff member (or the requester) says no: nothing of it runs. */
export async function rejectRequest<Row extends LockedRequest, Summary>(
  db: Db,
  kind: RequestKind<Row, Summary, unknown>,
  id: string,
  actor: StaffActor,
  reason: string,
  options: VerbOptions = {},
) {
  const at = options.at ?? new Date();
  const why = RejectionReasonInput.parse(reason);
  return inTransaction(db, async (tx) => {
    const row = await lockOrFail(kind, tx, id, options.incidentId);
    if (row.status !== "pending_approval") throw stateConflict(kind, row.status, "rejected");
    await tx.run(
      `UPDATE ${kind.table} SET status = 'rejected', decided_by_id = $2::uuid, decided_at = $3::timestamptz, decision_note = $4,
              finished_at = $3::timestamptz, updated_at = $3::timestamptz
        WHERE id = $1::uuid`,
      [id, actor.id, at.toISOString(), why],
    );
    await kind.dropQueued?.(tx, [id], at);
    await kind.milestone(tx, kind.summary(row), "rejected", { at, actor, note: why });
    await kind.announce?.(tx, kind.summary(row), "rejected", { at, actor, note: why });
    await appendAuditEntries(tx, [auditEntry(kind, row, "rejected", actor, at, { reason: why })]);
    return { id, status: "rejected" as const };
  });
}

/**
 * Cancels what has not started. A unit a worker holds finishes (or finds
 * itself cancelled); the request is finished now when none is held, else by
 * the worker that answers the last (`finishOnce`).
 */
export async function cancelRequest<Row extends LockedRequest, Summary>(
  db: Db,
  kind: RequestKind<Row, Summary, unknown>,
  id: string,
  actor: StaffActor,
  options: VerbOptions = {},
) {
  const at = options.at ?? new Date();
  return inTransaction(
    db,
    async (tx) => {
      const lockAndCheck = async () => {
        const row = await lockOrFail(kind, tx, id, options.incidentId);
        if (!kind.cancellable.includes(row.status)) throw stateConflict(kind, row.status, "cancelled");
        return row;
      };
      let row: Row | null = null;
      if (kind.unitsBeforeRequest) {
        // Refuse early without the row's lock, which is taken after the units'.
        const [peek] = await tx.query<{ status: string }>(
          `SELECT status::text FROM ${kind.table} WHERE id = $1::uuid`,
          [id],
        );
        if (peek && !kind.cancellable.includes(peek.status)) throw stateConflict(kind, peek.status, "cancelled");
      } else {
        row = await lockAndCheck();
      }
      const cancelled = await kind.cancelUnits(tx, id, at);
      row ??= await lockAndCheck();
      const inHand = await kind.unitsInHand(tx, id);
      await tx.run(
        `UPDATE ${kind.table} SET status = 'cancelled', cancelled = cancelled + $2, updated_at = $3::timestamptz,
                finished_at = CASE WHEN $4 THEN $3::timestamptz ELSE finished_at END
          WHERE id = $1::uuid`,
        [id, cancelled, at.toISOString(), inHand === 0],
      );
      await kind.statusChanged?.(tx, row);
      await kind.milestone(tx, kind.summary(row), "cancelled", { at, actor });
      await appendAuditEntries(tx, [
        auditEntry(kind, row, "cancelled", actor, at, { [kind.cancelledUnitsKey]: cancelled }),
      ]);
      return { id, status: "cancelled" as const, cancelled };
    },
    LONG_TRANSACTION,
  );
}

// ── Time ───────────────────────────────────────────────────────────────────

/** The sweep that expires the kind's requests nobody approved in time: on the timeline and audited. */
export function expirySweep(name: string, kind: AnyKind): Sweep {
  return {
    name,
    run: (db: Db, at: Date) =>
      db.sql.transaction(async (tx) => {
        const expired = await tx.query<{ id: string }>(
          `UPDATE ${kind.table} SET status = 'expired', finished_at = expires_at, updated_at = $1::timestamptz
            WHERE status = 'pending_approval' AND expires_at <= $1::timestamptz
            RETURNING id::text`,
          [at.toISOString()],
        );
        if (expired.length === 0) return 0;
        await kind.dropQueued?.(
          tx,
          expired.map((e) => e.id),
          at,
        );
        for (const { id } of expired) {
          const row = await lockOrFail(kind, tx, id);
          await kind.milestone(tx, kind.summary(row), "expired", { at, actor: null });
          await kind.announce?.(tx, kind.summary(row), "expired", { at, actor: null });
          await appendAuditEntries(tx, [auditEntry(kind, row, "expired", null, at)]);
        }
        return expired.length;
      }),
  };
}

// ── The end ────────────────────────────────────────────────────────────────

/**
 * Finishes a request once, in the transaction of the unit (or sweep) that
 * settled its last unit: its final status, its audit entry with `auditDetail`
 * and, when it completed, its "finished" milestone commit together or not at
 * all, so no repair sweep is needed. False when it had already finished.
 */
export async function finishOnce<Row extends LockedRequest, Summary, Counts>(
  tx: SqlQueryable,
  kind: RequestKind<Row, Summary, Counts>,
  id: string,
  end: { status: string; at: Date; actor: AuditActor; counts: Counts; auditDetail: AuditDetail; onTimeline?: boolean },
): Promise<boolean> {
  const finished = await tx.run(
    `UPDATE ${kind.table} SET status = $2::"${kind.statusType}", finished_at = $3::timestamptz WHERE id = $1::uuid AND finished_at IS NULL`,
    [id, end.status, end.at.toISOString()],
  );
  if (finished === 0) return false;
  const row = await lockOrFail(kind, tx, id);
  await kind.statusChanged?.(tx, row);
  // A cancelled request has its "cancelled" entry already, naming who
  // cancelled it; settling its last unit afterwards is the system's doing.
  const entry =
    end.status === "cancelled"
      ? auditEntry(kind, row, "finished", null, end.at, { status: end.status, ...end.auditDetail })
      : auditEntry(kind, row, end.status, end.actor, end.at, end.auditDetail);
  await appendAuditEntries(tx, [entry]);
  if (end.status === "completed" && end.onTimeline !== false) {
    await kind.milestone(tx, kind.summary(row), "finished", { at: end.at, actor: end.actor, counts: end.counts });
  }
  await kind.announce?.(tx, kind.summary(row), "finished", {
    at: end.at,
    actor: end.actor,
    counts: end.counts,
    status: end.status,
  });
  return true;
}

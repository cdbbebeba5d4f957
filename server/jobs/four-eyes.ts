import type { SqlQueryable } from "../db/driver";
import { AppError, prismaErrorCode } from "../errors";
import { jobsConfig } from "./config";

// Four eyes, as every kind of requested work applies it: once what
// one person (or one API token) started without approval in an incident,
// per kind of work, over the last 24 hours passes BREACHDESK_APPROVAL_THRESHOLD
// items, the request waits for a different person's approval, until
// BREACHDESK_APPROVAL_TTL_HOURS have passed. The window, not the single
// request, is what counts: two requests of 100 are one request of 200.

export type RequestedStatus = "pending_approval" | "running";

export const FOUR_EYES_WINDOW_HOURS = 24;

/** Who asks: the staff member, and the API token when the request came through one (its creator is `id`). */
export type Requester = { id: string; tokenId?: string | null };

/**
 * The work a window counts: the requests' table (with incident_id, total,
 * needs_approval, created_at, requested_by_id and requested_by_token_id
 * columns), in one incident, optionally narrowed to one value of a column
 * (a bulk action's kind). Names come from code, never from input.
 */
export type FourEyesWork = {
  table: string;
  incidentId: string;
  scope?: { column: string; value: string; cast: string };
};

/**
 * Inside the request's transaction, before counting: two requests by one
 * person made at once then count each other (each creates its own row in the
 * same transaction as its count).
 */
export async function lockFourEyesWindow(tx: SqlQueryable, work: FourEyesWork, requester: Requester): Promise<void> {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 11))::text AS locked`, [
    `four-eyes:${work.table}:${work.incidentId}:${requester.id}`,
  ]);
}

/**
 * Items the requester (the person, or the token) started without approval in
 * the window before `at`: one sum over an index. Work that waited for
 * approval does not count: a second person saw it.
 */
export async function startedWithoutApproval(tx: SqlQueryable, work: FourEyesWork, requester: Requester, at: Date): Promise<number> {
  const params: unknown[] = [work.incidentId, at.toISOString(), FOUR_EYES_WINDOW_HOURS, requester.id, requester.tokenId ?? null];
  const kind = work.scope ? `AND ${work.scope.column} = $${params.push(work.scope.value)}::"${work.scope.cast}"` : "";
  const [row] = await tx.query<{ n: number }>(
    `SELECT coalesce(sum(total), 0)::int AS n FROM ${work.table}
      WHERE incident_id = $1::uuid ${kind} AND NOT needs_approval
        AND created_at > $2::timestamptz - make_interval(hours => $3) AND created_at <= $2::timestamptz
        AND (requested_by_id = $4::uuid OR requested_by_token_id = $5::uuid)`,
    params,
  );
  return Number(row?.n ?? 0);
}

/**
 * What a request of `total` items starts as, requested at `at`, when the
 * requester already started `windowTotal` items of the same kind without
 * approval in the window. `exempt`: a single action never waits (the caller
 * refuses one that would pass the threshold).
 */
export function fourEyesAtRequest(total: number, at: Date, options: { exempt?: boolean; windowTotal?: number } = {}) {
  const config = jobsConfig();
  const needsApproval = !options.exempt && total + (options.windowTotal ?? 0) > config.approvalThreshold;
  return {
    needsApproval,
    status: (needsApproval ? "pending_approval" : "running") as RequestedStatus,
    expiresAt: needsApproval ? new Date(at.getTime() + config.approvalTtlHours * 3_600_000) : null,
    startedAt: needsApproval ? null : at,
  };
}

/**
 * Approval, under the row's lock: never by the requester (whatever their
 * role), only while it awaits approval (else `notPending()`, the caller's
 * words for its state), and not once expired.
 */
export function assertMayApprove(
  row: { status: string; requested_by_id: string | null; requested_by_token_id?: string | null; expires_at: Date | string | null },
  actor: Requester,
  at: Date,
  words: { requested: string; notPending: () => AppError },
): void {
  // A token's request is its creator's: whoever used the token, its creator
  // (or the token itself) never approves it, since the person who held it
  // may well be the approver.
  if (row.requested_by_token_id && row.requested_by_id === actor.id) {
    throw new AppError(
      "FORBIDDEN",
      `This ${words.requested} was requested with an API token you created: whoever used it, a different person must approve it.`,
    );
  }
  if (row.requested_by_token_id && row.requested_by_token_id === actor.tokenId) {
    throw new AppError("FORBIDDEN", `This ${words.requested} was requested with this API token: a different person must approve it.`);
  }
  if (row.requested_by_id === actor.id) {
    throw new AppError("FORBIDDEN", `You requested this ${words.requested}: a different person must approve it.`);
  }
  if (row.status !== "pending_approval") throw words.notPending();
  if (row.expires_at && new Date(row.expires_at).getTime() <= at.getTime()) {
    throw new AppError("CONFLICT", "This request expired before it was approved. Request it again.");
  }
}

/**
 * A request made at most once per (requester, request key): a key already
 * used returns the first request (`find`), also when two submits with one key
 * race and the second's insert hits the unique index (P2002).
 */
export async function oncePerRequestKey<T>(
  requestKey: string | undefined,
  find: (key: string) => Promise<T | null>,
  create: () => Promise<T>,
): Promise<T> {
  if (requestKey) {
    const existing = await find(requestKey);
    if (existing) return existing;
  }
  try {
    return await create();
  } catch (error) {
    if (requestKey && prismaErrorCode(error) === "P2002") {
      const existing = await find(requestKey);
      if (existing) return existing;
    }
    throw error;
  }
}

/** The first request, found again by its key: what a replayed request answers. */
export function replayedRequest<S>(row: { id: string; status: string; total: number; skippedAtRequest: unknown }) {
  return {
    id: row.id,
    status: (row.status === "pending_approval" ? "pending_approval" : "running") as RequestedStatus,
    total: row.total,
    skipped: row.skippedAtRequest as S,
    replayed: true,
  };
}

import { AppError, prismaErrorCode } from "../errors";
import { remediationConfig } from "../remediation/remediation-config";

// Four eyes, as bulk actions and customer notices both apply it: above
// BREACHDESK_APPROVAL_THRESHOLD items the request waits for a different
// person's approval, until BREACHDESK_APPROVAL_TTL_HOURS have passed.

export type RequestedStatus = "pending_approval" | "running";

/** What a request of `total` items starts as, requested at `at`. `exempt`: a single action never waits. */
export function fourEyesAtRequest(total: number, at: Date, options: { exempt?: boolean } = {}) {
  const config = remediationConfig();
  const needsApproval = !options.exempt && total > config.approvalThreshold;
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
  row: { status: string; requested_by_id: string | null; expires_at: Date | string | null },
  actor: { id: string },
  at: Date,
  words: { requested: string; notPending: () => AppError },
): void {
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

import type { SqlQueryable } from "../../db/driver";
import type { ClaimedBatch } from "./claim-batch";

export type ItemResults = { seqs: number[]; statuses: string[]; errors: (string | null)[]; calls: number[] };

/** Each item's new status, error and provider calls, in one statement ("queued" items go back without a done time). */
export async function recordItemResults(tx: SqlQueryable, bulkActionId: string, results: ItemResults, at: Date): Promise<void> {
  if (results.seqs.length === 0) return;
  await tx.run(
    `UPDATE bulk_action_items i SET status = u.status::"WorkItemStatus", last_error = u.err,
            attempts = i.attempts + u.calls,
            done_at = CASE WHEN u.status = 'queued' THEN NULL ELSE $6::timestamptz END
       FROM unnest($2::int[], $3::text[], $4::text[], $5::int[]) AS u(seq, status, err, calls)
      WHERE i.bulk_action_id = $1::uuid AND i.seq = u.seq`,
    [bulkActionId, results.seqs, results.statuses, results.errors, results.calls, at.toISOString()],
  );
}

/**
 * Every item still to do in the claimed seqs succeeded with one call (the
 * built-in provider's usual batch): one range update, no per-item arrays. The
 * batch holds the items' row locks, so the status filter finds exactly the
 * items it loaded.
 */
export async function recordAllSucceeded(tx: SqlQueryable, claim: ClaimedBatch, at: Date): Promise<void> {
  await tx.run(
    `UPDATE bulk_action_items SET status = 'succeeded', last_error = NULL, attempts = attempts + 1, done_at = $4::timestamptz
      WHERE bulk_action_id = $1::uuid AND seq BETWEEN $2 AND $3 AND status IN ('queued', 'in_progress')`,
    [claim.bulkActionId, claim.firstSeq, claim.lastSeq, at.toISOString()],
  );
}

/**
 * Items the exchange did not act on after all, so no longer "sent" (another
 * incident's hold does not wait for them, a cancel cancels them): refused for
 * good (whatever was sent before, it answers a key with its first result), or
 * never put on the wire by this call and not sent before (held back, or kept
 * back by an open circuit breaker). They were marked sent before the call.
 */
export async function markNotSent(tx: SqlQueryable, bulkActionId: string, seqs: number[]): Promise<void> {
  if (seqs.length === 0) return;
  await tx.run(`UPDATE bulk_action_items SET sent = false WHERE bulk_action_id = $1::uuid AND seq = ANY($2::int[]) AND sent`, [
    bulkActionId,
    seqs,
  ]);
}

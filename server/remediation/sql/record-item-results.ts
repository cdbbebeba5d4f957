import type { SqlQueryable } from "../../db/driver";

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

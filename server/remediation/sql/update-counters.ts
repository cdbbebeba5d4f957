import type { SqlQueryable } from "../../db/driver";
import type { Row } from "../../db/rows";
import { batchesNotDone } from "./settle-batch";

type Counts = Row<"bulk_actions", "succeeded" | "skipped" | "failed" | "cancelled">;
export type FinalCounts = Counts & { status: "completed" | "cancelled" };

/**
 * Adds the batch's counts to its action (the row lock serialises workers
 * finishing batches of one action). Returns the final counts, and the status
 * it ends in, when no batch is left: the caller finishes it (finishOnce).
 */
export async function updateCounters(
  tx: SqlQueryable,
  bulkActionId: string,
  at: Date,
  delta: { succeeded: number; skipped: number; failed: number; cancelled?: number },
): Promise<FinalCounts | null> {
  const [row] = await tx.query<Counts & Row<"bulk_actions", "status">>(
    `UPDATE bulk_actions SET succeeded = succeeded + $2, skipped = skipped + $3, failed = failed + $4, cancelled = cancelled + $6,
            updated_at = $5::timestamptz
      WHERE id = $1::uuid
      RETURNING status::text AS status, succeeded, skipped, failed, cancelled`,
    [bulkActionId, delta.succeeded, delta.skipped, delta.failed, at.toISOString(), delta.cancelled ?? 0],
  );
  if (!row || (await batchesNotDone(tx, bulkActionId)) > 0) return null;
  const status = row.status === "cancelled" ? "cancelled" : "completed";
  return { status, succeeded: row.succeeded, skipped: row.skipped, failed: row.failed, cancelled: row.cancelled };
}

/** The exchange's circuit breaker opened: a running action pauses until `resumeAt`. */
export async function pauseByBreaker(tx: SqlQueryable, bulkActionId: string, message: string, resumeAt: Date, at: Date): Promise<void> {
  await tx.run(
    `UPDATE bulk_actions SET status = 'paused', pause_reason = $2, auto_resume_at = $3::timestamptz, updated_at = $4::timestamptz
      WHERE id = $1::uuid AND status = 'running'`,
    [bulkActionId, message.slice(0, 1000), resumeAt.toISOString(), at.toISOString()],
  );
}

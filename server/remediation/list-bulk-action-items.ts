import "server-only";
import type { ItemStatus } from "../../lib/remediation/actions";
import type { Db } from "../db";

export type BulkActionItemRow = {
  seq: number;
  /** Breachdesk's customer account id (the account page's URL). */
  accountId: number;
  /** The exchange's account id, as shown everywhere. */
  externalId: string | null;
  status: ItemStatus;
  attempts: number;
  lastError: string | null;
  doneAt: string | null;
};

/**
 * The first items of a bulk action in the order they run (risk order, as
 * frozen at the request), optionally only those of some statuses. The
 * caller has checked that the action belongs to the incident in view.
 */
export async function listBulkActionItems(
  db: Db,
  bulkActionId: string,
  options: { statuses?: readonly ItemStatus[]; limit?: number } = {},
): Promise<BulkActionItemRow[]> {
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 500);
  const statuses = options.statuses?.length ? [...options.statuses] : null;
  const rows = await db.sql.query<{
    seq: number;
    account_id: number;
    external_id: string | null;
    status: ItemStatus;
    attempts: number;
    last_error: string | null;
    done_at: Date | string | null;
  }>(
    `SELECT i.seq, i.account_id, a.external_id, i.status::text AS status, i.attempts, i.last_error, i.done_at
       FROM bulk_action_items i
       LEFT JOIN customer_accounts a ON a.id = i.account_id
      WHERE i.bulk_action_id = $1::uuid
        AND ($2::text[] IS NULL OR i.status::text = ANY($2::text[]))
      ORDER BY i.seq
      LIMIT ${limit}`,
    [bulkActionId, statuses],
  );
  return rows.map((row) => ({
    seq: Number(row.seq),
    accountId: Number(row.account_id),
    externalId: row.external_id,
    status: row.status,
    attempts: Number(row.attempts),
    lastError: row.last_error,
    doneAt: row.done_at ? new Date(row.done_at).toISOString() : null,
  }));
}

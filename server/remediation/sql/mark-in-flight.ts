import type { SqlQueryable } from "../../db/driver";
import { EXTENDING_NOW } from "./hold-extension";

/** Before an external call: the items are in progress, and those of `sentSeqs` sent (for good: the exchange may act on any call). */
export async function markItemsInProgress(tx: SqlQueryable, bulkActionId: string, seqs: number[], sentSeqs: number[]): Promise<void> {
  await tx.run(
    `UPDATE bulk_action_items SET status = 'in_progress', sent = sent OR seq = ANY($3::int[])
      WHERE bulk_action_id = $1::uuid AND seq = ANY($2::int[])`,
    [bulkActionId, seqs, sentSeqs],
  );
}

/** Before an external call: resets not yet sent are "requested". */
export async function markResetsRequested(tx: SqlQueryable, incidentId: string, accountIds: number[], at: Date): Promise<void> {
  await tx.run(
    `INSERT INTO account_remediation AS ar (incident_id, account_id, reset_status, reset_requested_at, updated_at)
     SELECT $1::uuid, a, 'requested', $3::timestamptz, $3::timestamptz FROM unnest($2::int[]) AS a
     ON CONFLICT (incident_id, account_id) DO UPDATE SET
       reset_status = 'requested', reset_requested_at = excluded.reset_requested_at, updated_at = excluded.updated_at
     WHERE ar.reset_status = 'none'`,
    [incidentId, accountIds, at.toISOString()],
  );
}

/** A reset the exchange refused for good was never sent after all: back to "none". */
export async function undoRequestedResets(tx: SqlQueryable, incidentId: string, accountIds: number[], at: Date): Promise<void> {
  await tx.run(
    `UPDATE account_remediation SET reset_status = 'none', reset_requested_at = NULL, updated_at = $3::timestamptz
      WHERE incident_id = $1::uuid AND account_id = ANY($2::int[]) AND reset_status = 'requested'`,
    [incidentId, accountIds, at.toISOString()],
  );
}

/**
 * Before releasing holds at the exchange: locks the accounts' remediation rows
 * and returns the accounts a release must not send yet. An extension of their
 * hold may be at the exchange now: sent now, the release could reach the
 * exchange first and the extension then put the hold back. Rows another
 * transaction has locked (perhaps an extension marking them) wait too (SKIP LOCKED: other batches lock these rows in other
 * orders, and waiting for them could deadlock). The lock makes an extension
 * that starts after this transaction see the release's items in progress,
 * and refuse.
 */
export async function lockHoldsToRelease(tx: SqlQueryable, incidentId: string, accountIds: number[]): Promise<Set<number>> {
  if (accountIds.length === 0) return new Set();
  const rows = await tx.query<{ account_id: number; extending: boolean }>(
    `SELECT account_id, ${EXTENDING_NOW} AS extending
       FROM account_remediation
      WHERE incident_id = $1::uuid AND account_id = ANY($2::int[])
      FOR UPDATE SKIP LOCKED`,
    [incidentId, accountIds],
  );
  const free = new Set(rows.filter((r) => !r.extending).map((r) => r.account_id));
  return new Set(accountIds.filter((id) => !free.has(id)));
}

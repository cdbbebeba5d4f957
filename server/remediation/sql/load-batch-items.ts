import type { SqlQueryable } from "../../db/driver";
import type { OuterJoined, Row } from "../../db/rows";
import { heldElsewhereSql } from "../skip-reason-sql";
import type { ClaimedBatch } from "./claim-batch";

export type BatchItem = Row<"bulk_action_items", "seq" | "account_id" | "attempts" | "sent"> &
  OuterJoined<Row<"account_remediation", "reset_status" | "hold_status" | "hold_until">> & {
    /** The exchange's id for the account: loaded only for an external provider. */
    external_id: string | null;
    /** Another incident holds the account's withdrawals (heldElsewhereSql): loaded only for holds. */
    held_elsewhere: boolean;
  };

/**
 * Locks the batch's items still to do, with each account's remediation state
 * now. The exchange's ids come from customer_accounts, one index probe per
 * item: only an external provider needs them (on PGlite the probes were a
 * sixth of a built-in batch's time).
 */
export async function loadBatchItems(
  tx: SqlQueryable,
  claim: ClaimedBatch,
  incidentId: string,
  { withExternalIds, heldElsewhereAt }: { withExternalIds: boolean; heldElsewhereAt: Date | null },
): Promise<BatchItem[]> {
  const heldElsewhere = heldElsewhereAt ? heldElsewhereSql("i.account_id", "$4", "$5") : "false";
  return tx.query<BatchItem>(
    `SELECT i.seq, i.account_id, ${withExternalIds ? "c.external_id" : "NULL::text AS external_id"},
            ar.reset_status::text AS reset_status, ar.hold_status::text AS hold_status, ar.hold_until, i.attempts, i.sent,
            ${heldElsewhere} AS held_elsewhere
       FROM bulk_action_items i
       ${withExternalIds ? "JOIN customer_accounts c ON c.id = i.account_id" : ""}
       LEFT JOIN account_remediation ar ON ar.incident_id = $4::uuid AND ar.account_id = i.account_id
      WHERE i.bulk_action_id = $1::uuid AND i.seq BETWEEN $2 AND $3 AND i.status IN ('queued', 'in_progress')
      ORDER BY i.seq
      FOR UPDATE OF i`,
    [claim.bulkActionId, claim.firstSeq, claim.lastSeq, incidentId, ...(heldElsewhereAt ? [heldElsewhereAt.toISOString()] : [])],
  );
}

/**
 * Before a batch of holds decides: locks the accounts of its items still to
 * do, and returns those it could lock. The exchange keeps one hold per
 * account, so an account is held in one incident at a time
 * (heldElsewhereSql); that check and the hold (or its item marked in
 * progress) must be one step, or two incidents' batches could each check
 * before the other wrote and both hold. The lock is taken on the account
 * itself, the one row every incident shares, before the check reads. Rows
 * someone else has locked (another incident's batch between its check and its
 * commit, or a directory import updating the account) are not waited for:
 * their items wait in the queue (SKIP LOCKED never waits, so it cannot
 * deadlock with writers that lock these rows in another order). FOR NO KEY
 * UPDATE leaves inserts that reference the account free.
 */
export async function lockAccountsToHold(tx: SqlQueryable, claim: ClaimedBatch): Promise<Set<number>> {
  const rows = await tx.query<{ id: number }>(
    `SELECT a.id FROM customer_accounts a
      WHERE a.id IN (SELECT i.account_id FROM bulk_action_items i
                      WHERE i.bulk_action_id = $1::uuid AND i.seq BETWEEN $2 AND $3 AND i.status IN ('queued', 'in_progress'))
      FOR NO KEY UPDATE OF a SKIP LOCKED`,
    [claim.bulkActionId, claim.firstSeq, claim.lastSeq],
  );
  return new Set(rows.map((r) => r.id));
}

import type { SqlQueryable } from "../../db/driver";

// An extension of a hold at an external exchange cannot share a transaction
// with its call, and neither can a release. Without turns, a release sent
// while an extension's call is on the wire can reach the exchange first; the
// extension then puts the hold back and Breachdesk records it released. The
// extension marks the account's remediation row for the length of its call
// (a release waits while the mark lasts: lockHoldsToRelease) and refuses to
// start while a release of the account's hold is pending. Both sides take
// the row's lock first, so one of them always sees the other. The mark is
// cleared in the transaction that records the extension.

/**
 * How long after Breachdesk stops waiting for a call the exchange may still
 * act on it (a request that was slow on the wire): an extension's mark
 * outlasts its call by this much, and a release given up on blocks
 * extensions for this long after.
 */
export const LATE_CALL_MARGIN_SECONDS = 30;

/** SQL, over an account_remediation row: an extension's mark on it is still running (the database's clock). */
export const EXTENDING_NOW = "COALESCE(hold_extending_until > clock_timestamp(), false)";

/**
 * Marks the hold as being extended until `seconds` from now (the database's
 * clock, which the releases read), if it is still the account's active hold
 * and no other extension holds the mark. False when it is not.
 */
export async function markHoldExtending(
  tx: SqlQueryable,
  hold: { incidentId: string; accountId: number; holdId: string },
  seconds: number,
): Promise<boolean> {
  const changed = await tx.run(
    `UPDATE account_remediation SET hold_extending_until = clock_timestamp() + make_interval(secs => $4)
      WHERE incident_id = $1::uuid AND account_id = $2 AND hold_id = $3::uuid AND hold_status = 'active'
        AND NOT ${EXTENDING_NOW}`,
    [hold.incidentId, hold.accountId, hold.holdId, seconds],
  );
  return changed > 0;
}

/** Another extension's mark on the account's hold, still running. */
export async function holdExtendingNow(tx: SqlQueryable, incidentId: string, accountId: number): Promise<boolean> {
  const [row] = await tx.query<{ extending: boolean }>(
    `SELECT ${EXTENDING_NOW} AS extending
       FROM account_remediation WHERE incident_id = $1::uuid AND account_id = $2`,
    [incidentId, accountId],
  );
  return row?.extending ?? false;
}

/**
 * Why a release of the account's hold stands in an extension's way, or null:
 * one still to do (in progress, perhaps at the exchange now, or queued,
 * perhaps after a call whose answer was lost, or waiting for an earlier
 * extension: extending again would keep it waiting), or one sent that failed
 * moments ago (given up on, perhaps under a cancel: its request may still
 * reach the exchange after the extension and end the hold there). "Moments"
 * on the application's clock, which wrote the item's done time (`now`).
 */
export async function releaseInTheWay(
  tx: SqlQueryable,
  incidentId: string,
  accountId: number,
  now: Date,
): Promise<"pending" | "may_land" | null> {
  const [row] = await tx.query<{ pending: boolean; may_land: boolean }>(
    `SELECT coalesce(bool_or(i.status IN ('queued', 'in_progress')), false) AS pending,
            coalesce(bool_or(i.status = 'failed' AND i.sent
                             AND i.done_at > $4::timestamptz - make_interval(secs => $3)), false) AS may_land
       FROM bulk_action_items i JOIN bulk_actions a ON a.id = i.bulk_action_id
      WHERE i.account_id = $2 AND a.incident_id = $1::uuid AND a.kind = 'hold_release'
        AND i.status IN ('queued', 'in_progress', 'failed')`,
    [incidentId, accountId, LATE_CALL_MARGIN_SECONDS, now.toISOString()],
  );
  return row?.pending ? "pending" : row?.may_land ? "may_land" : null;
}

/** The exchange said no, or was never called: nothing of the extension is on the wire, releases may go. */
export async function clearHoldExtending(tx: SqlQueryable, incidentId: string, accountId: number): Promise<void> {
  await tx.run(`UPDATE account_remediation SET hold_extending_until = NULL WHERE incident_id = $1::uuid AND account_id = $2`, [
    incidentId,
    accountId,
  ]);
}

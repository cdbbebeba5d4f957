import type { SqlQueryable } from "../../db/driver";

// `exchangeTimes[i]` is when the exchange says it acted on `accountIds[i]`
// (its `appliedAt`, or ours when it gave none): webhooks are compared with it.

/** Resets sent: each account's remediation state says so (a completion already reported stays). */
export async function recordResetsSent(
  tx: SqlQueryable,
  incidentId: string,
  accountIds: number[],
  exchangeTimes: string[],
  at: Date,
): Promise<void> {
  await tx.run(
    `INSERT INTO account_remediation AS ar (incident_id, account_id, reset_status, reset_sent_at, reset_applied_at,
                                            first_action_at, updated_at)
     SELECT $1::uuid, a.id, 'sent', $3::timestamptz, a.applied, $3::timestamptz, $3::timestamptz
       FROM unnest($2::int[], $4::text[]::timestamptz[]) AS a(id, applied)
     ON CONFLICT (incident_id, account_id) DO UPDATE SET
       -- A completion the exchange reported before this commit (webhooks race) stays.
       reset_status = CASE WHEN ar.reset_status = 'completed' THEN ar.reset_status ELSE 'sent' END,
       reset_sent_at = excluded.reset_sent_at, reset_applied_at = excluded.reset_applied_at,
       first_action_at = coalesce(ar.first_action_at, excluded.first_action_at), updated_at = excluded.updated_at`,
    [incidentId, accountIds, at.toISOString(), exchangeTimes],
  );
}

/** Holds placed: one withdrawal_holds row each, and the accounts' remediation state. */
export async function recordHoldsPlaced(
  tx: SqlQueryable,
  hold: { incidentId: string; bulkActionId: string; reason: string; placedById: string | null; until: Date | null },
  accountIds: number[],
  exchangeTimes: string[],
  at: Date,
): Promise<void> {
  await tx.run(
    `WITH placed AS (
       INSERT INTO withdrawal_holds (id, incident_id, account_id, status, reason, placed_at, expires_at, placed_by_id,
                                     bulk_action_id, exchange_placed_at)
       SELECT gen_random_uuid(), $1::uuid, a.id, 'active', $4, $3::timestamptz, $5::timestamptz, $6::uuid, $7::uuid, a.applied
         FROM unnest($2::int[], $8::text[]::timestamptz[]) AS a(id, applied)
       RETURNING id, account_id
     )
     INSERT INTO account_remediation AS ar (incident_id, account_id, hold_status, hold_id, hold_until, hold_changed_at,
                                            first_action_at, updated_at)
     SELECT $1::uuid, p.account_id, 'active', p.id, $5::timestamptz, $3::timestamptz, $3::timestamptz, $3::timestamptz
       FROM placed p
     ON CONFLICT (incident_id, account_id) DO UPDATE SET
       hold_status = 'active', hold_id = excluded.hold_id, hold_until = excluded.hold_until,
       hold_changed_at = excluded.hold_changed_at,
       first_action_at = coalesce(ar.first_action_at, excluded.first_action_at), updated_at = excluded.updated_at`,
    [
      hold.incidentId,
      accountIds,
      at.toISOString(),
      hold.reason,
      hold.until?.toISOString() ?? null,
      hold.placedById,
      hold.bulkActionId,
      exchangeTimes,
    ],
  );
}

/** Holds released: the active holds end, and the accounts' remediation state says so. */
export async function recordHoldsReleased(
  tx: SqlQueryable,
  release: { incidentId: string; bulkActionId: string; note: string; releasedById: string | null; code: string | null },
  accountIds: number[],
  exchangeTimes: string[],
  at: Date,
): Promise<void> {
  await tx.run(
    `WITH released AS (
       UPDATE withdrawal_holds w
          SET status = 'released', ended_at = $3::timestamptz, released_by_id = $4::uuid,
              release_code = $5::"HoldReleaseCode", release_note = $6, release_bulk_action_id = $7::uuid,
              exchange_ended_at = a.applied
         FROM account_remediation ar, unnest($2::int[], $8::text[]::timestamptz[]) AS a(id, applied)
        WHERE ar.incident_id = $1::uuid AND ar.account_id = a.id AND w.id = ar.hold_id AND w.status = 'active'
       RETURNING w.account_id
     )
     UPDATE account_remediation ar SET hold_status = 'released', hold_changed_at = $3::timestamptz, updated_at = $3::timestamptz
       FROM released r WHERE ar.incident_id = $1::uuid AND ar.account_id = r.account_id`,
    [
      release.incidentId,
      accountIds,
      at.toISOString(),
      release.releasedById,
      release.code,
      release.note,
      release.bulkActionId,
      exchangeTimes,
    ],
  );
}

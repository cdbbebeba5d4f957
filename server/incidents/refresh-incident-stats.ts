import type { SqlQueryable } from "../db/driver";
import { AppError } from "../errors";
import { lockIncidentForBulkWrite } from "../db/incident-partition";
import { rebuildTriage, scopeFilter, type PartialScope } from "../triage/rebuild-triage";

// An incident's maintained summary (incident_stats), so that pages read one
// row instead of aggregating the recipient and action tables on every
// request. Each part is kept by the code that changes what it counts, in the
// same transaction, at a cost that does not grow with the incident:
// - the imported data's numbers (recipients, addresses, matched accounts,
//   messages, accounts changed after T0): moved by what a recipient import
//   added and by the difference on the triage rows it, or new security
//   events, rebuild (rebuildTriageCounted); recounted after a re-rank of the
//   whole incident and after a directory import (refreshImportStats);
// - open and completed work items: summed from the bulk actions' own
//   counters, which each batch keeps, whenever an action's status changes
//   (refreshActionStats); between two changes they stay as of the last one,
//   so a batch locks no row its action's other batches and actions share;
// - active holds: a delta from each statement that starts or ends one
//   (addActiveHolds).
// refreshIncidentStats recounts everything from the rows: it makes the row
// when an incident has none yet, and is what the parts must always equal.

/**
 * Bcc'd recipients were not disclosed to anyone, so they count as neither
 * leaked nor matched. Exposed addresses, matched accounts and accounts
 * changed after T0 are counted on the triage rows (one per exposed address,
 * with its events after T0), so callers rebuild those first.
 */
const IMPORT_COUNTS = `
  SELECT (SELECT count(*) FROM leaked_recipients WHERE incident_id = $1::uuid AND visibility <> 'bcc') AS leaked_recipients,
         count(*) AS unique_addresses,
         -- One triage row per address and one address per account (the
         -- directory's normalised mailboxes are unique): no DISTINCT.
         count(account_id) AS matched_accounts,
         (SELECT count(*) FROM leak_messages WHERE incident_id = $1::uuid) AS messages,
         -- The triage features count exactly these events after T0:
         -- password, 2FA, e-mail and withdrawal-address changes.
         count(*) FILTER (WHERE account_id IS NOT NULL AND (password_changed_at IS NOT NULL
                            OR security_changes > 0 OR withdrawal_changes > 0)) AS changed_after_t0
    FROM triage_entries WHERE incident_id = $1::uuid`;

/**
 * Work items of this incident's bulk actions (a single action is a bulk
 * action of one): approved and still to run, and done. A request awaiting
 * approval is not an open action yet. From the actions' counters, which the
 * batches keep in the transaction that changes the items: one row per
 * action, never one per item.
 */
const ACTION_COUNTS = `
  SELECT coalesce(sum(total - succeeded - skipped - failed - cancelled)
                    FILTER (WHERE status IN ('running', 'paused')), 0) AS open_actions,
         coalesce(sum(succeeded), 0) AS completed_actions
    FROM bulk_actions WHERE incident_id = $1::uuid`;

/**
 * A hold is active from the batch that places it until a release, the
 * exchange, or the holds sweep (every few seconds in the worker) ends it:
 * a hold past its expiry counts until the sweep records that.
 */
const ACTIVE_HOLDS = `SELECT count(*) FROM account_remediation WHERE incident_id = $1::uuid AND hold_status = 'active'`;

/** Recounts every number from the rows (a scan of each table): for an incident that has no summary yet. */
export async function refreshIncidentStats(sql: SqlQueryable, incidentId: string): Promise<void> {
  const rows = await sql.query<{ incident_id: string }>(
    `WITH incident AS (SELECT id FROM incidents WHERE id = $1::uuid),
          imported AS (${IMPORT_COUNTS}),
          actions AS (
            -- The same numbers as ACTION_COUNTS, from the items themselves.
            SELECT count(*) FILTER (WHERE i.status IN ('queued', 'in_progress')
                                      AND a.status IN ('running', 'paused')) AS open_actions,
                   count(*) FILTER (WHERE i.status = 'succeeded') AS completed_actions
              FROM bulk_action_items i JOIN bulk_actions a ON a.id = i.bulk_action_id
             WHERE a.incident_id = $1::uuid)
     INSERT INTO incident_stats AS s (
       incident_id, leaked_recipients, unique_addresses, matched_accounts, messages,
       open_actions, completed_actions, active_holds, changed_after_t0, updated_at
     )
     SELECT i.id, m.leaked_recipients, m.unique_addresses, m.matched_accounts, m.messages,
            a.open_actions, a.completed_actions, (${ACTIVE_HOLDS}), m.changed_after_t0, now()
       FROM incident i, imported m, actions a
     ON CONFLICT (incident_id) DO UPDATE SET
       leaked_recipients = excluded.leaked_recipients,
       unique_addresses = excluded.unique_addresses,
       matched_accounts = excluded.matched_accounts,
       messages = excluded.messages,
       open_actions = excluded.open_actions,
       completed_actions = excluded.completed_actions,
       active_holds = excluded.active_holds,
       changed_after_t0 = excluded.changed_after_t0,
       updated_at = excluded.updated_at
     RETURNING s.incident_id`,
    [incidentId],
  );
  if (rows.length === 0) throw new AppError("NOT_FOUND", `Incident ${incidentId} does not exist.`);
}

/** Runs `update`; an incident without a summary row gets a full count instead (once). */
async function updateOrRecount(sql: SqlQueryable, incidentId: string, update: () => Promise<number>): Promise<void> {
  if ((await update()) === 0) await refreshIncidentStats(sql, incidentId);
}

/**
 * The imported data's numbers, recounted over the incident's triage rows
 * (seconds at ten million): after a re-rank of the whole incident, which has
 * read every row already, and after a directory import, which re-matches
 * addresses across incidents. Smaller changes move the numbers instead
 * (rebuildTriageCounted).
 */
export function refreshImportStats(sql: SqlQueryable, incidentId: string): Promise<void> {
  return updateOrRecount(sql, incidentId, () =>
    sql.run(
      `WITH imported AS (${IMPORT_COUNTS})
       UPDATE incident_stats s SET leaked_recipients = m.leaked_recipients, unique_addresses = m.unique_addresses,
              matched_accounts = m.matched_accounts, messages = m.messages, changed_after_t0 = m.changed_after_t0,
              updated_at = now()
         FROM imported m WHERE s.incident_id = $1::uuid`,
      [incidentId],
    ),
  );
}

/** The imported numbers a rebuild of the rows in `scope` can change, counted on those rows only. */
async function scopeTriageCounts(sql: SqlQueryable, incidentId: string, scope: PartialScope) {
  const inScope = scopeFilter(scope, "t", 2);
  const [row] = await sql.query<{ unique_addresses: number; matched_accounts: number; changed_after_t0: number }>(
    `SELECT count(*)::int AS unique_addresses, count(account_id)::int AS matched_accounts,
            count(*) FILTER (WHERE account_id IS NOT NULL AND (password_changed_at IS NOT NULL
                               OR security_changes > 0 OR withdrawal_changes > 0))::int AS changed_after_t0
       FROM triage_entries t
      WHERE t.incident_id = $1::uuid AND ${inScope.sql}`,
    [incidentId, ...inScope.params],
  );
  return row!;
}

/** What the caller's statements added before the rebuild: exposed (not Bcc'd) recipients and messages. */
type Added = { recipients: number; messages: number };

/**
 * Rebuilds the triage rows in `scope` (the addresses a recipient import
 * added, or the accounts new security events concern) and moves the
 * imported numbers by what the caller added and by what changed on those
 * rows, so a small change costs its own rows at any size of incident. A
 * rebuild large enough to re-rank the whole incident (rebuildTriage's
 * `partition` strategy) is followed by a recount instead: it has read every
 * row already.
 */
export async function rebuildTriageCounted(
  sql: SqlQueryable,
  incidentId: string,
  scope: PartialScope,
  added: Added = { recipients: 0, messages: 0 },
): Promise<void> {
  // Before the first count: a writer that re-ranks some of the same rows
  // between the two counts would have its change counted twice.
  await lockIncidentForBulkWrite(sql, incidentId);
  const before = await scopeTriageCounts(sql, incidentId, scope);
  const { strategy } = await rebuildTriage(sql, incidentId, scope);
  if (strategy !== "in_place") return refreshImportStats(sql, incidentId);
  const after = await scopeTriageCounts(sql, incidentId, scope);
  await updateOrRecount(sql, incidentId, () =>
    sql.run(
      `UPDATE incident_stats SET leaked_recipients = leaked_recipients + $2, messages = messages + $3,
              unique_addresses = unique_addresses + $4, matched_accounts = matched_accounts + $5,
              changed_after_t0 = changed_after_t0 + $6, updated_at = now()
        WHERE incident_id = $1::uuid`,
      [
        incidentId,
        added.recipients,
        added.messages,
        after.unique_addresses - before.unique_addresses,
        after.matched_accounts - before.matched_accounts,
        after.changed_after_t0 - before.changed_after_t0,
      ],
    ),
  );
}

/**
 * rebuildTriageCounted for the scope's accounts in every incident whose
 * triage rows hold them, closed ones too, and in `alsoIn` (an import's own
 * incident): an account's security events count wherever it was exposed. An
 * erased incident has no rows left, so it is not among them. Every
 * incident's lock is taken first, in the incidents' order: each rebuild locks
 * its incident and then its summary row, so two writers spanning the same
 * incidents in different orders would otherwise each hold what the other
 * waits for. The incidents rebuilt, in that order.
 */
export async function rebuildTriageWhereExposed(
  sql: SqlQueryable,
  scope: Extract<PartialScope, { kind: "accounts" }>,
  alsoIn: readonly string[] = [],
): Promise<string[]> {
  const exposing = await sql.query<{ incident_id: string }>(
    `SELECT DISTINCT t.incident_id::text AS incident_id FROM triage_entries t WHERE ${scopeFilter(scope, "t", 1).sql}`,
  );
  const ordered = [...new Set([...alsoIn, ...exposing.map((row) => row.incident_id)])].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  for (const id of ordered) await lockIncidentForBulkWrite(sql, id);
  for (const id of ordered) await rebuildTriageCounted(sql, id, scope);
  return ordered;
}

/** Open and completed work items, after a bulk action's status changed (approved, cancelled, finished, retried). */
export function refreshActionStats(sql: SqlQueryable, incidentId: string): Promise<void> {
  return updateOrRecount(sql, incidentId, () =>
    sql.run(
      `WITH actions AS (${ACTION_COUNTS})
       UPDATE incident_stats s SET open_actions = a.open_actions, completed_actions = a.completed_actions, updated_at = now()
         FROM actions a WHERE s.incident_id = $1::uuid`,
      [incidentId],
    ),
  );
}

/**
 * Holds started (positive) or ended (negative) by the caller's statement, per
 * incident. `updated_at` stays: it versions what pages derive from the
 * imported data, which a hold does not change.
 */
export async function addActiveHolds(sql: SqlQueryable, deltas: ReadonlyMap<string, number>): Promise<void> {
  // In the incidents' order: two writers that both span incidents never wait on each other in a circle.
  for (const [incidentId, delta] of [...deltas].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (delta === 0) continue;
    await updateOrRecount(sql, incidentId, () =>
      sql.run(`UPDATE incident_stats SET active_holds = active_holds + $2 WHERE incident_id = $1::uuid`, [
        incidentId,
        delta,
      ]),
    );
  }
}

/** Active holds among `accountIds` of the incident: a batch's statements change it by the difference. */
export async function countActiveHolds(
  sql: SqlQueryable,
  incidentId: string,
  accountIds: readonly number[],
): Promise<number> {
  const [row] = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM account_remediation
      WHERE incident_id = $1::uuid AND account_id = ANY($2::int[]) AND hold_status = 'active'`,
    [incidentId, accountIds],
  );
  return Number(row?.n ?? 0);
}

/** Holds that ended, one row each: the negative deltas addActiveHolds takes. */
export function holdsEnded(rows: readonly { incident_id: string }[]): Map<string, number> {
  const deltas = new Map<string, number>();
  for (const { incident_id } of rows) deltas.set(incident_id, (deltas.get(incident_id) ?? 0) - 1);
  return deltas;
}

import type { SqlQueryable } from "../../db/driver";

/**
 * A security event is a fact about an account, stored once whichever
 * incident's file brought it (its `incident_id`), and every incident that
 * exposes the account ranks it and shows it. Forgetting the incident that
 * brought it must not take it from the others: before its events are cleared
 * or erased, each event of an account another incident still exposes passes
 * to that incident (the first by id), whose own retention then governs it.
 *
 * An incident being forgotten itself (it has a forget run) receives nothing.
 * The receivers' rows are locked first (KEY SHARE: it waits only for a
 * forget run's start, which locks its incident FOR UPDATE, in id order as the
 * sweep does), and read again after the lock: a forget started meanwhile is
 * seen, so no event passes to an incident whose forgetting has begun.
 * `pages` limits it to the events on those pages (erasure works page by page).
 */
export async function handOverSecurityEvents(
  tx: SqlQueryable,
  incidentId: string,
  pages: [string, string] | null = null,
): Promise<number> {
  const locked = await tx.query<{ id: string }>(
    `SELECT id::text FROM incidents i
      WHERE i.id <> $1::uuid AND NOT EXISTS (SELECT 1 FROM incident_forget_runs r WHERE r.incident_id = i.id)
      ORDER BY i.id FOR KEY SHARE`,
    [incidentId],
  );
  if (locked.length === 0) return 0;
  // A new statement, a new snapshot: a forget run committed while we waited for a lock is seen.
  const receivers = await tx.query<{ id: string }>(
    `SELECT id::text FROM incidents i
      WHERE i.id = ANY($1::uuid[]) AND NOT EXISTS (SELECT 1 FROM incident_forget_runs r WHERE r.incident_id = i.id)`,
    [locked.map((r) => r.id)],
  );
  if (receivers.length === 0) return 0;
  // Per event, from the account's index in each receiver's partition: the
  // incident's events are few beside the receivers' exposed accounts.
  const exposedIn = `FROM triage_entries t WHERE t.account_id = e.account_id AND t.incident_id = ANY($2::uuid[])`;
  return tx.run(
    `UPDATE security_events e SET incident_id = (SELECT t.incident_id ${exposedIn} ORDER BY t.incident_id LIMIT 1)
      WHERE e.incident_id = $1::uuid ${pages ? "AND e.ctid >= $3::tid AND e.ctid < $4::tid" : ""}
        AND EXISTS (SELECT 1 ${exposedIn})`,
    [incidentId, receivers.map((r) => r.id), ...(pages ?? [])],
  );
}

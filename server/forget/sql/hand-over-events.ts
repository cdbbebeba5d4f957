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
 * Only the incidents that expose these events' accounts are locked (KEY
 * SHARE: it waits only for a forget run's start, which locks its incident
 * FOR UPDATE; in id order, as the sweep locks them), and read again after
 * the lock: a forget started meanwhile is seen, so no event passes to an
 * incident whose forgetting has begun. `pages` limits it to the events on
 * those pages (erasure works page by page). Returns how many passed.
 */
export async function handOverSecurityEvents(
  tx: SqlQueryable,
  incidentId: string,
  pages: [string, string] | null = null,
): Promise<number> {
  const onPages = pages ? "AND e.ctid >= $2::tid AND e.ctid < $3::tid" : "";
  const exposing = await tx.query<{ incident_id: string }>(
    `SELECT DISTINCT t.incident_id::text AS incident_id
       FROM security_events e JOIN triage_entries t ON t.account_id = e.account_id
      WHERE e.incident_id = $1::uuid AND t.incident_id <> $1::uuid ${onPages}`,
    [incidentId, ...(pages ?? [])],
  );
  if (exposing.length === 0) return 0;
  const ids = exposing.map((r) => r.incident_id);
  await tx.query(`SELECT id FROM incidents WHERE id = ANY($1::uuid[]) ORDER BY id FOR KEY SHARE`, [ids]);
  // A new statement, a new snapshot: a forget run committed while we waited for a lock is seen.
  const receivers = await tx.query<{ id: string }>(
    `SELECT id::text FROM incidents i
      WHERE i.id = ANY($1::uuid[]) AND NOT EXISTS (SELECT 1 FROM incident_forget_runs r WHERE r.incident_id = i.id)`,
    [ids],
  );
  if (receivers.length === 0) return 0;
  const exposedIn = `FROM triage_entries t WHERE t.account_id = e.account_id AND t.incident_id = ANY($${pages ? 4 : 2}::uuid[])`;
  return tx.run(
    `UPDATE security_events e SET incident_id = (SELECT t.incident_id ${exposedIn} ORDER BY t.incident_id LIMIT 1)
      WHERE e.incident_id = $1::uuid ${onPages} AND EXISTS (SELECT 1 ${exposedIn})`,
    [incidentId, ...(pages ?? []), receivers.map((r) => r.id)],
  );
}

import "server-only";
import type { Db } from "../db";

export type IncidentVersion = { id: string; stats?: { updatedAt: Date } | null };

const MAX_REMEMBERED_INCIDENTS = 64;

/**
 * A per-process memo for what pages derive from an incident's imported data
 * (its recipients, accounts and events) with a scan of every row: kept until
 * the incident's stats move, which every import does (it refreshes
 * incident_stats, and with it `updated_at`, in the transaction that rebuilds
 * the triage rows). Remediation moves them too, so a running bulk action only
 * makes the memo miss more often. A failed load is not remembered.
 */
export function memoUntilStatsMove<T>(load: (db: Db, incidentId: string) => Promise<T>) {
  const keyed = memoPerKeyUntilStatsMove<null, T>((db, incidentId) => load(db, incidentId), () => "", 1);
  return (db: Db, incident: IncidentVersion): Promise<T> => keyed(db, incident, null);
}

/**
 * The same, for a value that also depends on an argument (a filter, say):
 * up to `maxKeys` values per incident, keyed by `keyOf(argument)`. Past that
 * the incident's values are forgotten and gathered again.
 */
export function memoPerKeyUntilStatsMove<A, T>(
  load: (db: Db, incidentId: string, argument: A) => Promise<T>,
  keyOf: (argument: A) => string,
  maxKeys = 256,
) {
  // Keyed by the incident's id: ids are random UUIDs, unique across databases.
  const memo = new Map<string, { version: string; values: Map<string, Promise<T>> }>();
  return (db: Db, incident: IncidentVersion, argument: A): Promise<T> => {
    const version = incident.stats?.updatedAt.toISOString() ?? "none";
    let known = memo.get(incident.id);
    if (known?.version !== version) {
      if (!known && memo.size >= MAX_REMEMBERED_INCIDENTS) memo.clear();
      known = { version, values: new Map() };
      memo.set(incident.id, known);
    }
    const key = keyOf(argument);
    const remembered = known.values.get(key);
    if (remembered) return remembered;
    const value = load(db, incident.id, argument);
    if (known.values.size >= maxKeys) known.values.clear();
    const values = known.values;
    values.set(key, value);
    value.catch(() => {
      if (values.get(key) === value) values.delete(key);
    });
    return value;
  };
}

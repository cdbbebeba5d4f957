import "server-only";
import type { Db } from "../db";

export type IncidentVersion = { id: string; stats?: { updatedAt: Date } | null };

const MAX_REMEMBERED_INCIDENTS = 64;

/**
 * A per-process memo for what pages derive from an incident's imported data
 * (its recipients, accounts and events) with a scan of every row: kept until
 * the incident's stats move, which every import does (it refreshes
 * incident_stats, and with it `updated_at`). Remediation moves them too, so a
 * running bulk action only makes the memo miss more often. A failed load is
 * not remembered.
 */
export function memoUntilStatsMove<T>(load: (db: Db, incidentId: string) => Promise<T>) {
  // Keyed by the incident's id alone: ids are random UUIDs, unique across databases.
  const memo = new Map<string, { version: string; value: Promise<T> }>();
  return (db: Db, incident: IncidentVersion): Promise<T> => {
    const version = incident.stats?.updatedAt.toISOString() ?? "none";
    const known = memo.get(incident.id);
    if (known?.version === version) return known.value;
    const value = load(db, incident.id);
    if (memo.size >= MAX_REMEMBERED_INCIDENTS) memo.clear();
    memo.set(incident.id, { version, value });
    value.catch(() => {
      if (memo.get(incident.id)?.value === value) memo.delete(incident.id);
    });
    return value;
  };
}

import type { Db } from "../db";

/** Days an outgoing event (and its delivery log) is kept once nothing of it is left to deliver. */
export const OUTBOX_RETENTION_DAYS = 30;

/**
 * The outbox's janitor: events older than the retention with no delivery
 * still queued go, their deliveries with them (the log's rows cascade).
 * Obligations' events stay: they are how each obligation is announced once per
 * state (server/events/obligation-sweep.ts), and there are few of them.
 */
export function pruneOutbox(db: Db, at: Date): Promise<number> {
  return db.sql.run(
    `DELETE FROM outgoing_events e
      WHERE e.created_at < $1::timestamptz - make_interval(days => $2)
        AND e.type NOT LIKE 'obligation.%'
        AND NOT EXISTS (SELECT 1 FROM event_deliveries v WHERE v.event_id = e.id AND v.status = 'queued')`,
    [at.toISOString(), OUTBOX_RETENTION_DAYS],
  );
}

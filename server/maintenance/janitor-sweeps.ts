import type { Db } from "../db";
import { pruneOutbox } from "../events/prune-outbox";
import { IDEMPOTENCY_RETENTION_HOURS } from "../http/idempotency";
import { IMPORT_SILENCE_MS } from "../imports/run-import";
import type { Sweep } from "../jobs/sweeps";
import { pruneAnonymousRecords } from "./prune-anonymous-records";

/**
 * The process's janitors, which belong to no kind of leased work: the
 * bulk-action worker loop runs them beside its own sweeps when idle.
 */
export const janitorSweeps: readonly Sweep[] = [
  {
    // Webhook nonces outlive the signature window (5 minutes) by a margin; older
    // ones cannot be replayed anyway (their timestamps are refused).
    name: "webhookNonces",
    run: (db: Db) => db.sql.run(`DELETE FROM exchange_webhook_nonces WHERE seen_at < now() - interval '15 minutes'`),
  },
  {
    name: "idempotencyRecords",
    run: (db: Db, at: Date) =>
      db.sql.run(`DELETE FROM idempotency_records WHERE created_at < $1::timestamptz - make_interval(hours => $2)`, [
        at.toISOString(),
        IDEMPOTENCY_RETENTION_HOURS,
      ]),
  },
  {
    name: "anonymousRecords",
    run: async (db: Db, at: Date) => {
      const pruned = await pruneAnonymousRecords(db, at);
      return pruned.signInAttempts + pruned.refusals + pruned.refusalCounts + pruned.rateBuckets;
    },
  },
  { name: "imports", run: failSilentImports },
  { name: "outgoingEvents", run: pruneOutbox },
];

/**
 * Imports whose process died (PostgreSQL): running, with no heartbeat for
 * IMPORT_SILENCE_MS. Their transaction rolled back with the connection, so
 * nothing of them was applied; the job says so. On PGlite a live import
 * cannot beat while its transaction holds the one connection, and a dead one
 * dies with the only process: bootDb (server/boot.ts) marks it when the database reopens.
 */
async function failSilentImports(db: Db, at: Date): Promise<number> {
  if (db.sql.kind !== "postgres") return 0;
  return db.sql.run(
    `UPDATE import_jobs SET status = 'failed', phase = 'failed', finished_at = $1::timestamptz,
            error = 'Interrupted: the process running it stopped before it finished; nothing from it was applied. Run it again.'
      WHERE status = 'running' AND heartbeat_at < $1::timestamptz - make_interval(secs => $2)`,
    [at.toISOString(), IMPORT_SILENCE_MS / 1000],
  );
}

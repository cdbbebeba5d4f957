import { env } from "../env";
import { jobsConfig } from "../jobs/config";

/** The remediation settings in force (environment, see docs/remediation.md). */
export function remediationConfig() {
  const e = env();
  return {
    // The lease, the poll and the four-eyes settings are the work kernel's, shared with every kind.
    ...jobsConfig(),
    defaultHoldHours: e.BREACHDESK_HOLD_HOURS,
    releaseCooldownHours: e.BREACHDESK_RELEASE_COOLDOWN_HOURS,
  };
}

/** Items per batch on this database (BREACHDESK_WORK_BATCH_SIZE, else 2,500 on PostgreSQL, 500 on PGlite). */
export function workBatchSize(kind: "pglite" | "postgres"): number {
  return env().BREACHDESK_WORK_BATCH_SIZE ?? (kind === "postgres" ? 2_500 : 500);
}

/**
 * Claim loops per worker process (BREACHDESK_WORKER_CONCURRENCY, else 2 on
 * PostgreSQL, 1 on PGlite, whose one connection a batch holds; 2 on PGlite
 * too with the exchange over HTTP, whose calls hold no connection: one loop
 * records a batch while the other's calls are in flight).
 */
export function workerConcurrency(kind: "pglite" | "postgres"): number {
  const e = env();
  return e.BREACHDESK_WORKER_CONCURRENCY ?? (kind === "postgres" || e.BREACHDESK_PROVIDER === "http" ? 2 : 1);
}

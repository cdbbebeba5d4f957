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
 * How many consecutive batches a loop claims as one unit: on PGlite as many
 * as commit within a quarter of a second (a batch's fixed cost, the claim,
 * the locks, the audit head and the commit, is most of a small batch's time,
 * yet pages wait for the one connection while a unit holds it); on
 * PostgreSQL one, whose batches are already large and whose pages do not wait;
 * one with the exchange over HTTP, which is sent one batch per call.
 */
export function workRunLimits(kind: "pglite" | "postgres", transactional: boolean): { budgetMs: number; max: number } {
  return { budgetMs: 250, max: kind === "pglite" && transactional ? 10 : 1 };
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

import { env } from "../env";

/** The remediation settings in force (environment, see README "Remediation"). */
export function remediationConfig() {
  const e = env();
  return {
    approvalThreshold: e.BREACHDESK_APPROVAL_THRESHOLD,
    approvalTtlHours: e.BREACHDESK_APPROVAL_TTL_HOURS,
    defaultHoldHours: e.BREACHDESK_HOLD_HOURS,
    releaseCooldownHours: e.BREACHDESK_RELEASE_COOLDOWN_HOURS,
    batchSize: e.BREACHDESK_WORK_BATCH_SIZE,
    leaseSeconds: e.BREACHDESK_WORK_LEASE_SECONDS,
    pollMs: e.BREACHDESK_WORK_POLL_MS,
  };
}

/** Claim loops per worker process on this database (BREACHDESK_WORKER_CONCURRENCY, else 2 on PostgreSQL, 1 on PGlite). */
export function workerConcurrency(kind: "pglite" | "postgres"): number {
  return env().BREACHDESK_WORKER_CONCURRENCY ?? (kind === "postgres" ? 2 : 1);
}

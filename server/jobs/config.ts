import { env } from "../env";

/**
 * The settings every kind of leased work shares: how long a lease lasts
 * before another worker may take the work over, how long an idle loop waits,
 * and the four-eyes threshold and approval window of a request.
 */
export function jobsConfig() {
  const e = env();
  return {
    leaseSeconds: e.BREACHDESK_WORK_LEASE_SECONDS,
    pollMs: e.BREACHDESK_WORK_POLL_MS,
    approvalThreshold: e.BREACHDESK_APPROVAL_THRESHOLD,
    approvalTtlHours: e.BREACHDESK_APPROVAL_TTL_HOURS,
  };
}

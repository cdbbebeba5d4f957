import { env } from "../../env";
import { jobsConfig } from "../../jobs/config";

/** The delivery worker's settings (docs/integrations.md); tests pass their own. */
export function deliveryConfig() {
  const e = env();
  return {
    timeoutMs: e.BREACHDESK_EVENT_TIMEOUT_MS,
    maxAttempts: e.BREACHDESK_EVENT_MAX_ATTEMPTS,
    retryBaseSeconds: e.BREACHDESK_EVENT_RETRY_BASE_SECONDS,
    retryCapSeconds: e.BREACHDESK_EVENT_RETRY_CAP_SECONDS,
    breakerFailures: e.BREACHDESK_EVENT_BREAKER_FAILURES,
    breakerCooldownSeconds: e.BREACHDESK_EVENT_BREAKER_COOLDOWN_SECONDS,
    disableAfterFailures: e.BREACHDESK_EVENT_DISABLE_AFTER_FAILURES,
    disableAfterHours: e.BREACHDESK_EVENT_DISABLE_AFTER_HOURS,
    allowHosts: e.BREACHDESK_OUTBOUND_ALLOW_HOSTS,
    // A delivery waits at most one timeout for its answer: its lease outlasts that.
    leaseSeconds: jobsConfig().leaseSeconds + Math.ceil(e.BREACHDESK_EVENT_TIMEOUT_MS / 1000),
    batchSize: 10,
  };
}

export type DeliveryConfig = ReturnType<typeof deliveryConfig>;

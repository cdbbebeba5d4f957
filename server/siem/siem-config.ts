import { env } from "../env";

/** Audit forwarding's settings (docs/audit-forwarding.md). */
export function siemConfig() {
  const e = env();
  return {
    batchSize: e.BREACHDESK_SIEM_BATCH_SIZE,
    retryBaseSeconds: e.BREACHDESK_SIEM_RETRY_BASE_SECONDS,
    breakerFailures: e.BREACHDESK_SIEM_BREAKER_FAILURES,
    breakerSeconds: e.BREACHDESK_SIEM_BREAKER_SECONDS,
  };
}

import { env } from "../../env";

export type ExchangeConfig = {
  baseUrl: string;
  secrets: string[];
  /** Accounts per second; null: no limit. */
  rateLimit: number | null;
  concurrency: number;
  timeoutMs: number;
  itemsPerCall: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  breakerFailures: number;
  breakerCooldownMs: number;
};

/** The HTTP provider's settings from the environment (docs/exchange.md). */
export function exchangeConfigFromEnv(): ExchangeConfig {
  const e = env();
  if (!e.BREACHDESK_EXCHANGE_URL)
    throw new Error("BREACHDESK_PROVIDER=http needs BREACHDESK_EXCHANGE_URL (the exchange's base URL).");
  if (e.BREACHDESK_EXCHANGE_SECRETS.length === 0)
    throw new Error("BREACHDESK_PROVIDER=http needs BREACHDESK_EXCHANGE_SECRETS (the shared signing secret).");
  return {
    baseUrl: e.BREACHDESK_EXCHANGE_URL.replace(/\/+$/, ""),
    secrets: e.BREACHDESK_EXCHANGE_SECRETS,
    rateLimit: e.BREACHDESK_EXCHANGE_RATE_LIMIT > 0 ? e.BREACHDESK_EXCHANGE_RATE_LIMIT : null,
    concurrency: e.BREACHDESK_EXCHANGE_CONCURRENCY,
    timeoutMs: e.BREACHDESK_EXCHANGE_TIMEOUT_MS,
    itemsPerCall: e.BREACHDESK_EXCHANGE_ITEMS_PER_CALL,
    maxAttempts: e.BREACHDESK_EXCHANGE_MAX_ATTEMPTS,
    backoffBaseMs: e.BREACHDESK_EXCHANGE_BACKOFF_BASE_MS,
    backoffCapMs: Math.max(e.BREACHDESK_EXCHANGE_BACKOFF_CAP_MS, e.BREACHDESK_EXCHANGE_BACKOFF_BASE_MS),
    breakerFailures: e.BREACHDESK_EXCHANGE_BREAKER_FAILURES,
    breakerCooldownMs: e.BREACHDESK_EXCHANGE_BREAKER_COOLDOWN_SECONDS * 1000,
  };
}

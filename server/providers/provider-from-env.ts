import "server-only";
import { env } from "../env";
import type { AccountProvider } from "./account-provider";
import { builtinProvider } from "./builtin/builtin-provider";
import { exchangeConfigFromEnv } from "./http/exchange-config";
import { createHttpProvider } from "./http/http-provider";

let cached: AccountProvider | undefined;

/**
 * The provider this process uses (BREACHDESK_PROVIDER): one per process, so
 * that the HTTP provider's rate limit, concurrency limit and circuit breaker
 * cover every worker loop and single action in it.
 */
export function accountProvider(): AccountProvider {
  if (cached) return cached;
  cached = env().BREACHDESK_PROVIDER === "http" ? createHttpProvider(exchangeConfigFromEnv()) : builtinProvider;
  return cached;
}

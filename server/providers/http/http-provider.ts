import "server-only";
import { PacedBucket, sleep as defaultSleep, type Sleep } from "../../../lib/rate-limit/paced-bucket";
import { Semaphore } from "../../../lib/concurrency/semaphore";
import {
  BatchResponse,
  ErrorResponse,
  PROVIDER_PATHS,
  isRetryableStatus,
  type BatchItem,
} from "../../../lib/exchange/contract";
import { signRequest } from "../../../lib/exchange/signing";
import { nextRetryDelay, parseRetryAfter } from "../../../lib/retry/backoff";
import type { ExternalApplyOutcome, ExternalProvider, ProviderItem, ProviderResult } from "../account-provider";
import { CircuitBreaker } from "./circuit-breaker";
import type { ExchangeConfig } from "./exchange-config";

type CallAnswer =
  | { kind: "answered"; response: BatchResponse }
  | { kind: "retry"; error: string; retryAfterMs: number | null }
  | { kind: "refused"; error: string; status: number }
  | { kind: "final"; error: string };

export type HttpProviderDeps = {
  fetch?: typeof fetch;
  sleep?: Sleep;
  random?: () => number;
  now?: () => number;
};

export type HttpProvider = ExternalProvider & { readonly config: ExchangeConfig; breakerReason(): string | null };

/**
 * The exchange over HTTP (docs/provider-api.md). A batch of work items is
 * sent as batch calls of up to `itemsPerCall` items, at most `concurrency` in
 * flight and, with a rate limit, never more than `rateLimit` items a second
 * from this process. Every item carries its work item's idempotency key, so a
 * call repeated after a timeout or a dropped connection cannot repeat an
 * effect. Whole-call failures that may pass (5xx, 429, timeouts, dropped
 * connections) are retried with exponential backoff and full jitter, waiting
 * at least what Retry-After asks; items still failing go back to the queue.
 */
export function createHttpProvider(given: ExchangeConfig, deps: HttpProviderDeps = {}): HttpProvider {
  // Under a rate limit, calls carry at most 50 ms worth of items, so that no
  // second ever sees more than the limit plus 5% (a call is one burst).
  const config = given.rateLimit
    ? { ...given, itemsPerCall: Math.min(given.itemsPerCall, Math.max(1, Math.floor(given.rateLimit / 20))) }
    : given;
  const doFetch = deps.fetch ?? fetch;
  const wait = deps.sleep ?? defaultSleep;
  const random = deps.random ?? Math.random;
  // The bucket starts empty, so the accounts sent by time t never exceed
  // rate × t. It holds up to a quarter second of tokens, so that a timer that
  // fires late on a busy machine (or a pause while a batch is recorded) does
  // not lose its share of the rate.
  const bucket = config.rateLimit
    ? new PacedBucket(
        { perSecond: config.rateLimit, capacity: Math.max(config.itemsPerCall, config.rateLimit / 4) },
        { start: "empty", now: deps.now, wait },
      )
    : null;
  const slots = new Semaphore(config.concurrency);
  const breaker = new CircuitBreaker(config.breakerFailures, config.breakerCooldownMs, deps.now);

  async function call(items: readonly ProviderItem[], signal?: AbortSignal): Promise<CallAnswer> {
    const body = JSON.stringify({
      items: items.map(
        (item): BatchItem => ({
          idempotencyKey: item.idempotencyKey,
          accountId: item.externalId,
          action: item.kind,
          ...(item.kind === "withdrawal_hold" ? { holdUntil: item.holdUntil?.toISOString() ?? null } : {}),
        }),
      ),
    });
    const url = new URL(config.baseUrl + PROVIDER_PATHS.batch);
    // The signed path is the one on the wire (with any prefix of the base URL).
    const path = url.pathname + url.search;
    const timeout = AbortSignal.timeout(config.timeoutMs);
    const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
    let response: Response;
    let text: string;
    try {
      response = await doFetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          ...signRequest({ method: "POST", path, body }, config.secrets),
        },
        body,
        signal: combined,
      });
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw error;
      const reason = timeout.aborted
        ? `no answer within ${config.timeoutMs} ms`
        : `connection failed: ${describeNetworkError(error)}`;
      return { kind: "retry", error: reason, retryAfterMs: null };
    }
    if (response.ok) {
      const parsed = BatchResponse.safeParse(safeJson(text));
      if (!parsed.success) return { kind: "retry", error: `HTTP ${response.status} with a body that is not a batch answer`, retryAfterMs: null };
      return { kind: "answered", response: parsed.data };
    }
    const error = ErrorResponse.safeParse(safeJson(text));
    const detail = error.success ? `${error.data.error.code}: ${error.data.error.message}` : text.slice(0, 200) || response.statusText;
    const summary = `HTTP ${response.status} ${detail}`;
    if (response.status === 401 || response.status === 403)
      return {
        kind: "refused",
        status: response.status,
        error: `The exchange refused Breachdesk's request (${summary}); check BREACHDESK_EXCHANGE_SECRETS and the exchange's clock.`,
      };
    if (isRetryableStatus(response.status))
      return { kind: "retry", error: summary, retryAfterMs: parseRetryAfter(response.headers.get("retry-after")) };
    return { kind: "final", error: summary };
  }

  /** One call's items to the end: answered, final, or back to the queue. */
  async function runCall(
    items: readonly ProviderItem[],
    signal: AbortSignal | undefined,
  ): Promise<{
    results: Map<string, ProviderResult>;
    unavailable: string | null;
    signatureRefused: { status: number; detail: string } | null;
  }> {
    const results = new Map<string, ProviderResult>();
    const calls = new Map<string, number>(items.map((item) => [item.idempotencyKey, 0]));
    let pending = [...items];
    let unavailable: string | null = null;
    let signatureRefused: { status: number; detail: string } | null = null;
    const settle = (item: ProviderItem, result: ProviderResult) =>
      results.set(item.idempotencyKey, { ...result, calls: calls.get(item.idempotencyKey) ?? 0 });
    for (let attempt = 0; pending.length > 0; attempt += 1) {
      const blocked = breaker.blocked();
      if (blocked) {
        unavailable = blocked;
        for (const item of pending) settle(item, { ok: false, retryable: true, error: `Not sent: the circuit breaker is open. ${blocked}` });
        break;
      }
      if (bucket) await bucket.take(pending.length, signal);
      for (const item of pending) calls.set(item.idempotencyKey, (calls.get(item.idempotencyKey) ?? 0) + 1);
      const answer = await slots.run(() => call(pending, signal));
      let retryAfterMs: number | null = null;
      let lastError: string;
      if (answer.kind === "answered") {
        breaker.success();
        const byKey = new Map(answer.response.results.map((r) => [r.idempotencyKey, r]));
        const still: ProviderItem[] = [];
        for (const item of pending) {
          const result = byKey.get(item.idempotencyKey);
          if (!result) still.push(item);
          else if (result.status === "applied") settle(item, { ok: true, appliedAt: new Date(result.appliedAt) });
          else if (result.error.retryable) still.push(item);
          else settle(item, { ok: false, retryable: false, error: `${result.error.code}: ${result.error.message}` });
        }
        const missing = still.filter((item) => !byKey.has(item.idempotencyKey)).length;
        lastError = missing > 0 ? `the exchange's answer left out ${missing} item(s)` : "the exchange answered temporarily_unavailable";
        const failedHere = still.map((item) => byKey.get(item.idempotencyKey));
        const firstFailure = failedHere.find((r) => r && r.status === "failed");
        if (firstFailure && firstFailure.status === "failed") lastError = `${firstFailure.error.code}: ${firstFailure.error.message}`;
        pending = still;
      } else if (answer.kind === "final") {
        breaker.success();
        for (const item of pending) settle(item, { ok: false, retryable: false, error: answer.error });
        pending = [];
        break;
      } else if (answer.kind === "refused") {
        signatureRefused = { status: answer.status, detail: answer.error };
        unavailable = breaker.failure(answer.error, { immediate: true }) ?? answer.error;
        for (const item of pending) settle(item, { ok: false, retryable: true, error: answer.error });
        pending = [];
        break;
      } else {
        lastError = answer.error;
        retryAfterMs = answer.retryAfterMs;
        const opened = breaker.failure(`The exchange keeps failing (last: ${answer.error}).`);
        if (opened) {
          unavailable = opened;
          for (const item of pending) settle(item, { ok: false, retryable: true, error: answer.error });
          pending = [];
          break;
        }
      }
      if (pending.length === 0) break;
      if (attempt + 1 >= config.maxAttempts) {
        for (const item of pending) settle(item, { ok: false, retryable: true, error: lastError });
        break;
      }
      await wait(
        nextRetryDelay(attempt, { baseMs: config.backoffBaseMs, capMs: config.backoffCapMs, retryAfterMs, random }),
        signal,
      );
    }
    return { results, unavailable, signatureRefused };
  }

  return {
    name: "http",
    transactional: false,
    config,
    cooldownSeconds: config.breakerCooldownMs / 1000,
    breakerReason: () => breaker.blocked(),
    async apply(items, options): Promise<ExternalApplyOutcome> {
      if (items.length === 0) return { results: [] };
      const chunks: ProviderItem[][] = [];
      for (let i = 0; i < items.length; i += config.itemsPerCall) chunks.push(items.slice(i, i + config.itemsPerCall));
      const answers = await Promise.all(chunks.map((chunk) => runCall(chunk, options.signal)));
      const merged = new Map<string, ProviderResult>();
      for (const answer of answers) for (const [key, result] of answer.results) merged.set(key, result);
      return {
        results: items.map(
          (item) => merged.get(item.idempotencyKey) ?? { ok: false, retryable: true, error: "no result", calls: 0 },
        ),
        unavailable: answers.find((a) => a.unavailable)?.unavailable ?? null,
        signatureRefused: answers.find((a) => a.signatureRefused)?.signatureRefused ?? null,
      };
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error as Error)?.message ?? String(error);
}

import { afterEach, describe, expect, it } from "vitest";
import { startExchangeSim, type ExchangeSim } from "../../../tools/exchange-sim/exchange-sim";
import type { ProviderItem } from "../account-provider";
import type { ExchangeConfig } from "./exchange-config";
import { createHttpProvider } from "./http-provider";

// The HTTP provider's call handling against the reference exchange (a real
// server on loopback), with a virtual clock so that waits are measured, not slept.

const SECRET = "unit-secret-0123456789abcdef";

function items(n: number, prefix = "acct"): ProviderItem[] {
  return Array.from({ length: n }, (_, i) => ({
    idempotencyKey: `bd:test:${prefix}-${i}:password_reset`,
    accountId: i + 1,
    externalId: `${prefix}-${i}`,
    kind: "password_reset" as const,
    holdUntil: null,
  }));
}

function setup(sim: ExchangeSim, overrides: Partial<ExchangeConfig> = {}) {
  const waits: number[] = [];
  let clock = 0;
  const provider = createHttpProvider(
    {
      baseUrl: sim.url,
      secrets: [SECRET],
      rateLimit: null,
      concurrency: 2,
      timeoutMs: 2_000,
      itemsPerCall: 10,
      maxAttempts: 4,
      backoffBaseMs: 100,
      backoffCapMs: 1_000,
      breakerFailures: 10,
      breakerCooldownMs: 30_000,
      ...overrides,
    },
    {
      now: () => clock,
      sleep: async (ms) => {
        waits.push(ms);
        clock += ms;
      },
      random: () => 0.5,
    },
  );
  return { provider, waits };
}

describe("the HTTP provider's calls", () => {
  let sim: ExchangeSim;
  afterEach(async () => sim.close());

  it("waits at least what Retry-After asks, then succeeds with the same keys", async () => {
    sim = await startExchangeSim({ secrets: [SECRET], faults: { script: ["throttle"], retryAfterSeconds: 3 } });
    const { provider, waits } = setup(sim);
    const { results, unavailable } = await provider.apply(items(5), {});
    expect(results.every((r) => r.ok)).toBe(true);
    expect(unavailable).toBeNull();
    expect(waits).toEqual([3_000]);
    expect(results.map((r) => r.calls)).toEqual([2, 2, 2, 2, 2]);
  });

  it("backs off exponentially with jitter between failed attempts, then hands the items back as retryable", async () => {
    sim = await startExchangeSim({ secrets: [SECRET], faults: { errorRate: 1 } });
    const { provider, waits } = setup(sim);
    const { results } = await provider.apply(items(3), {});
    // random() = 0.5: half of 100, 200, 400 ms.
    expect(waits).toEqual([50, 100, 200]);
    for (const r of results) expect(r).toMatchObject({ ok: false, retryable: true, error: expect.stringMatching(/^HTTP 503 temporarily_unavailable/), calls: 4 });
  });

  it("splits a batch into calls of itemsPerCall and keeps each item's own result", async () => {
    sim = await startExchangeSim({ secrets: [SECRET], autoAccounts: false, accounts: items(25).map((i) => i.externalId).slice(1) });
    const { provider } = setup(sim);
    const { results } = await provider.apply(items(25), {});
    expect(results[0]).toMatchObject({ ok: false, retryable: false, error: expect.stringMatching(/^unknown_account: /) });
    expect(results.slice(1).every((r) => r.ok)).toBe(true);
    expect(sim.counters().requests).toBe(3);
  });

  it("calls carry at most 50 ms of accounts under a rate limit", async () => {
    sim = await startExchangeSim({ secrets: [SECRET] });
    const { provider } = setup(sim, { rateLimit: 100, itemsPerCall: 500 });
    await provider.apply(items(20), {});
    expect(sim.counters().requests).toBe(4);
  });
});

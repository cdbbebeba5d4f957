import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PacedBucket } from "./paced-bucket";
import { reserve, retryAfterSeconds, take, tokensAt, type BucketLimit, type BucketState } from "./token-bucket";

// The token bucket's arithmetic, tested once for every back-end: the database
// statements run the same expressions (server/http/take-rate.int.test.ts checks them).

const limits = fc.record({
  capacity: fc.integer({ min: 1, max: 200 }),
  perSecond: fc.oneof(fc.integer({ min: 1, max: 5_000 }), fc.double({ min: 0.001, max: 50, noNaN: true })),
});
/** Requests: the gap since the one before (ms) and the tokens asked for (at most the capacity, scaled). */
const requests = fc.array(
  fc.record({ gapMs: fc.integer({ min: 0, max: 2_000 }), share: fc.double({ min: 0, max: 1, noNaN: true }) }),
  {
    minLength: 1,
    maxLength: 80,
  },
);
const tokensFor = (limit: BucketLimit, share: number) => Math.max(1, Math.ceil(share * limit.capacity));

/** In every window [a, b] of admissions, at most capacity + perSecond × (b − a) tokens (plus what the bucket held at the start). */
function withinLimit(admitted: { atMs: number; n: number }[], limit: BucketLimit, start: number): boolean {
  const sorted = [...admitted].sort((x, y) => x.atMs - y.atMs);
  for (let i = 0; i < sorted.length; i++) {
    let sum = 0;
    for (let j = i; j < sorted.length; j++) {
      sum += sorted[j]!.n;
      if (sum > start + (limit.perSecond * (sorted[j]!.atMs - sorted[i]!.atMs)) / 1000 + 1e-6) return false;
    }
  }
  return true;
}

describe("the token bucket", () => {
  it("take: never admits more than capacity + rate × t in any window t, and a refused request may go after its wait", () => {
    fc.assert(
      fc.property(limits, requests, (limit, asks) => {
        let state: BucketState = null;
        let now = 0;
        const admitted: { atMs: number; n: number }[] = [];
        for (const { gapMs, share } of asks) {
          now += gapMs;
          const n = tokensFor(limit, share);
          const result = take(limit, state, n, now);
          state = result.state;
          if (result.allowed) admitted.push({ atMs: now, n });
          else {
            expect(result.waitMs).toBeGreaterThan(0);
            // The wait is exact: at its end the tokens are there (up to rounding).
            expect(tokensAt(limit, state, now + result.waitMs)).toBeGreaterThanOrEqual(n - 1e-9);
          }
        }
        return withinLimit(admitted, limit, limit.capacity);
      }),
    );
  });

  it("reserve: callers going after their waits keep to capacity + rate × t in any window, and to rate × t from an empty start", () => {
    fc.assert(
      fc.property(limits, requests, fc.boolean(), (limit, asks, empty) => {
        let state: BucketState = empty ? { tokens: 0, atMs: 0 } : null;
        let now = 0;
        const admitted: { atMs: number; n: number }[] = [];
        for (const { gapMs, share } of asks) {
          now += gapMs;
          const n = tokensFor(limit, share);
          const result = reserve(limit, state, n, now);
          state = result.state;
          admitted.push({ atMs: now + result.waitMs, n });
        }
        const ordered = admitted.every((a, i) => i === 0 || a.atMs >= admitted[i - 1]!.atMs - 1e-6);
        const sinceStart =
          !empty ||
          admitted.every(
            (_, i) =>
              admitted.slice(0, i + 1).reduce((s, a) => s + a.n, 0) <=
              (limit.perSecond * admitted[i]!.atMs) / 1000 + 1e-6,
          );
        return ordered && sinceStart && withinLimit(admitted, limit, limit.capacity);
      }),
    );
  });

  it("refills at its rate up to its capacity; a bucket never used is full; a clock gone back refills nothing", () => {
    const limit = { capacity: 10, perSecond: 4 };
    expect(tokensAt(limit, null, 0)).toBe(10);
    expect(tokensAt(limit, { tokens: 1, atMs: 1_000 }, 1_500)).toBe(3);
    expect(tokensAt(limit, { tokens: 1, atMs: 1_000 }, 60_000)).toBe(10);
    expect(tokensAt(limit, { tokens: 1, atMs: 1_000 }, 0)).toBe(1);
    expect(take(limit, { tokens: 0.5, atMs: 0 }, 1, 0)).toEqual({
      allowed: false,
      waitMs: 125,
      state: { tokens: 0.5, atMs: 0 },
    });
    expect(retryAfterSeconds(125)).toBe(1);
    expect(retryAfterSeconds(2_001)).toBe(3);
  });
});

/** A virtual clock: waiting moves it on. */
function virtualBucket(perSecond: number, capacity: number) {
  let now = 0;
  const bucket = new PacedBucket(
    { perSecond, capacity },
    {
      start: "empty",
      now: () => now,
      wait: async (ms) => {
        now += ms;
      },
    },
  );
  return { bucket, now: () => now };
}

describe("the paced bucket (in memory)", () => {
  it("starts empty: by any time t, no more than rate × t tokens were taken", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5_000 }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 60 }),
        async (rate, takes) => {
          const { bucket, now } = virtualBucket(rate, 100);
          let taken = 0;
          for (const n of takes) {
            await bucket.take(n);
            taken += n;
            if (taken > (rate * now()) / 1000 + 1e-6) return false;
          }
          return true;
        },
      ),
    );
  });

  it("keeps up with the rate: 1,000 tokens at 100 a second take 10 seconds, give or take a call", async () => {
    const { bucket, now } = virtualBucket(100, 50);
    for (let i = 0; i < 20; i++) await bucket.take(50);
    expect(now()).toBeGreaterThanOrEqual(10_000);
    expect(now()).toBeLessThanOrEqual(10_020);
  });

  it("refuses to take more than it can hold", async () => {
    const { bucket } = virtualBucket(10, 5);
    await expect(bucket.take(6)).rejects.toThrow(/bucket of 5/);
  });

  it("gives the tokens of a take aborted while waiting back to the callers behind it", async () => {
    const now = 0;
    const waits: number[] = [];
    const bucket = new PacedBucket(
      { perSecond: 10, capacity: 10 },
      {
        start: "empty",
        now: () => now,
        wait: async (ms, signal) => {
          waits.push(ms);
          if (signal?.aborted) throw new Error("aborted");
        },
      },
    );
    await expect(bucket.take(5, AbortSignal.abort())).rejects.toThrow(/aborted/);
    await bucket.take(1);
    expect(waits).toEqual([500, 100]);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Semaphore } from "./semaphore";
import { TokenBucket } from "./token-bucket";

/** A virtual clock: waiting moves it on. */
function virtualBucket(rate: number, capacity: number) {
  let now = 0;
  const bucket = new TokenBucket(rate, capacity, () => now, async (ms) => {
    now += ms;
  });
  return { bucket, now: () => now };
}

describe("the token bucket", () => {
  it("starts empty: by any time t, no more than rate × t tokens were taken", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 5_000 }), fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 60 }), async (rate, takes) => {
        const { bucket, now } = virtualBucket(rate, 100);
        let taken = 0;
        for (const n of takes) {
          await bucket.take(n);
          taken += n;
          if (taken > (rate * now()) / 1000 + 1e-6) return false;
        }
        return true;
      }),
    );
  });

  it("keeps up with the rate: 1,000 tokens at 100 a second take 10 seconds, give or take a call", async () => {
    const { bucket, now } = virtualBucket(100, 50);
    for (let i = 0; i < 20; i++) await bucket.take(50);
    expect(now()).toBeGreaterThanOrEqual(10_000);
    expect(now()).toBeLessThanOrEqual(10_020);
  });

  it("refuses to take more than it can hold", () => {
    const { bucket } = virtualBucket(10, 5);
    expect(() => bucket.take(6)).toThrow(/bucket of 5/);
  });
});

describe("the semaphore", () => {
  it("never runs more than its slots at once, and runs everything", async () => {
    const slots = new Semaphore(3);
    let running = 0;
    let peak = 0;
    const gates: (() => void)[] = [];
    const tasks = Array.from({ length: 10 }, (_, i) =>
      slots.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        await new Promise<void>((resolve) => gates.push(resolve));
        running -= 1;
        return i;
      }),
    );
    while (gates.length || running) {
      await Promise.resolve();
      gates.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(peak).toBe(3);
  });
});

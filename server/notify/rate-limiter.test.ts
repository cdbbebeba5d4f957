import { describe, expect, it } from "vitest";
import { createRateLimiter } from "./rate-limiter";

describe("the notice rate limiter", () => {
  it("gives out one slot every 1/rate seconds, however many callers ask at once", async () => {
    let now = 1_000;
    const slots: number[] = [];
    const limiter = createRateLimiter(
      20,
      () => now,
      async (ms) => {
        slots.push(now + ms);
      },
    );
    await Promise.all(Array.from({ length: 5 }, () => limiter.take()));
    expect(slots).toEqual([1_050, 1_100, 1_150, 1_200]);
    now = 5_000; // idle for a while: no burst is saved up
    await limiter.take();
    await limiter.take();
    expect(slots.slice(4)).toEqual([5_050]);
  });

  it("does not wait at all without a limit", async () => {
    const limiter = createRateLimiter(0, () => 0, () => Promise.reject(new Error("waited")));
    await limiter.take();
  });
});

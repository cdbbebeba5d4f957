import { describe, expect, it } from "vitest";
import { fullJitterDelay, nextRetryDelay, parseRetryAfter } from "./backoff";

describe("retry timing", () => {
  it("waits a random time between 0 and the exponential ceiling, capped", () => {
    expect(fullJitterDelay(0, 100, 10_000, () => 0.999)).toBe(99);
    expect(fullJitterDelay(3, 100, 10_000, () => 0.5)).toBe(400);
    expect(fullJitterDelay(20, 100, 10_000, () => 0.999)).toBe(9_990);
    expect(fullJitterDelay(5, 100, 10_000, () => 0)).toBe(0);
  });

  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.UTC(2026, 10, 29, 12);
    expect(parseRetryAfter("3", now)).toBe(3_000);
    expect(parseRetryAfter(new Date(now + 7_000).toUTCString(), now)).toBe(7_000);
    expect(parseRetryAfter(new Date(now - 7_000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter("later", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it("never retries sooner than the server asked", () => {
    expect(nextRetryDelay(0, { baseMs: 100, capMs: 1_000, retryAfterMs: 5_000, random: () => 0.5 })).toBe(5_000);
    expect(nextRetryDelay(4, { baseMs: 100, capMs: 10_000, retryAfterMs: 0, random: () => 0.5 })).toBe(800);
  });
});

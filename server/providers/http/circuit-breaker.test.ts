import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "./circuit-breaker";

describe("the exchange's circuit breaker", () => {
  it("opens after the threshold of failures in a row, for the cool-down, then lets one trial through", () => {
    let now = 0;
    const breaker = new CircuitBreaker(3, 1_000, () => now);
    expect(breaker.failure("a")).toBeNull();
    breaker.success();
    expect(breaker.failure("b")).toBeNull();
    expect(breaker.failure("c")).toBeNull();
    expect(breaker.failure("down")).toBe("down");
    expect(breaker.blocked()).toBe("down");
    now = 1_000;
    expect(breaker.blocked()).toBeNull();
    // Half-open: one more failure opens it again.
    expect(breaker.failure("still down")).toBe("still down");
    now = 2_000;
    breaker.success();
    expect(breaker.failure("once")).toBeNull();
  });

  it("opens at once for an answer retrying cannot mend", () => {
    const breaker = new CircuitBreaker(5, 1_000, () => 0);
    expect(breaker.failure("401", { immediate: true })).toBe("401");
    expect(breaker.blocked()).toBe("401");
  });
});

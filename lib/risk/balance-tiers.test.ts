import { describe, expect, it } from "vitest";
import { balanceTierOf, isBalanceTier } from "./balance-tiers";

describe("balance tiers", () => {
  it("bins balances at $1k, $10k and $100k", () => {
    expect(balanceTierOf(0)).toBe("zero");
    expect(balanceTierOf(99_999)).toBe("low");
    expect(balanceTierOf(100_000)).toBe("medium");
    expect(balanceTierOf(1_000_000)).toBe("high");
    expect(balanceTierOf(10_000_000)).toBe("whale");
  });

  it("recognises tier names", () => {
    expect(isBalanceTier("whale")).toBe(true);
    expect(isBalanceTier("rich")).toBe(false);
  });
});

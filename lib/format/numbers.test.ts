import { describe, expect, it } from "vitest";
import { formatCount, formatDuration, formatPercent, formatReasonCounts, formatUsdCents } from "./numbers";

describe("number formatting", () => {
  it("formats counts, money and shares", () => {
    expect(formatCount(23000)).toBe("23,000");
    expect(formatUsdCents(1234567)).toBe("$12,346");
    expect(formatPercent(1, 3)).toBe("33.3%");
    expect(formatPercent(1, 0)).toBe("0%");
  });

  it("formats durations at a readable scale", () => {
    expect(formatDuration(42 * 60_000)).toBe("42 min");
    expect(formatDuration((3 * 60 + 12) * 60_000)).toBe("3 h 12 min");
    expect(formatDuration((2 * 1440 + 4 * 60) * 60_000)).toBe("2 d 4 h");
    expect(formatDuration(-5 * 60_000)).toBe("-5 min");
  });
});

describe("formatReasonCounts", () => {
  it("says each count in its label's words, or none", () => {
    expect(
      formatReasonCounts(
        { no_account: 1200, hold_active: 1 },
        { no_account: "no matching account", hold_active: "hold already active" },
      ),
    ).toBe("1,200 no matching account, 1 hold already active");
    expect(formatReasonCounts({ other: 2 }, {})).toBe("2 other");
    expect(formatReasonCounts({}, {})).toBe("none");
  });
});

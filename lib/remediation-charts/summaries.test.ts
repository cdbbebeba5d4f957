import { describe, expect, it } from "vitest";
import { formatHours } from "./summaries";

describe("formatHours", () => {
  it.each([
    [0.25, "15 min"],
    [22.2, "22.2 hours"],
    [47.9, "47.9 hours"],
    [50, "2.1 days"],
    [59 * 24, "59.0 days"],
    [200 * 24, "6.6 months"],
    // The "2585.3 days" after one bulk action years after T0.
    [2585.3 * 24, "7.1 years"],
  ])("writes %s hours as %s", (hours, text) => {
    expect(formatHours(hours)).toBe(text);
  });
});

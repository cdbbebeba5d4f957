import { describe, expect, it } from "vitest";
import { formatMilestoneDuration, milestoneDurations, type MilestoneTimes } from "./durations";

const HOUR = 3_600_000;

describe("milestoneDurations", () => {
  const times: MilestoneTimes = {
    leak_started: new Date("2019-11-07T08:30:00Z"),
    aware: new Date("2019-11-07T09:12:00Z"),
    contained: new Date("2019-11-07T09:40:00Z"),
    regulator_notified: new Date("2019-11-08T16:00:00Z"),
    customers_notified: null,
    closed: null,
  };

  it("measures detection from the leak's start and the rest from T0", () => {
    const byKey = Object.fromEntries(milestoneDurations(times).map((d) => [d.key, d.ms]));
    expect(byKey).toEqual({
      detect: 42 * 60_000,
      contain: 28 * 60_000,
      exposure: 70 * 60_000,
      notify_regulator: 30 * HOUR + 48 * 60_000,
      notify_customers: null,
      close: null,
    });
  });

  it("leaves every interval open when only T0 is known", () => {
    const open = milestoneDurations({ ...times, leak_started: null, contained: null, regulator_notified: null });
    expect(open.every((d) => d.ms === null)).toBe(true);
  });

  it("keeps a negative interval visible instead of hiding bad data", () => {
    const wrong = milestoneDurations({ ...times, contained: new Date("2019-11-07T09:00:00Z") });
    expect(wrong.find((d) => d.key === "contain")?.ms).toBe(-12 * 60_000);
  });
});

describe("formatMilestoneDuration", () => {
  it("counts hours up to four days, then days", () => {
    expect(formatMilestoneDuration((30 * 60 + 48) * 60_000)).toBe("30 h 48 min");
    expect(formatMilestoneDuration(42 * 60_000)).toBe("42 min");
    expect(formatMilestoneDuration(95 * HOUR)).toBe("95 h 0 min");
    expect(formatMilestoneDuration(30 * 24 * HOUR + 3 * HOUR)).toBe("30 d 3 h");
  });
});

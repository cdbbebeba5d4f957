import { describe, expect, it } from "vitest";
import {
  bucketCount,
  chooseBucket,
  defaultRange,
  MAX_POINTS,
  medianFromHours,
  parseChartRange,
  rangeBucket,
  rangeHours,
  sumIntoBuckets,
} from "./buckets";

describe("time buckets", () => {
  it("are an hour wide up to ten days, then as wide as keeps a series within MAX_POINTS", () => {
    expect(chooseBucket(24)).toEqual({ hours: 1, label: "hour" });
    expect(chooseBucket(240)).toEqual({ hours: 1, label: "hour" });
    expect(chooseBucket(241)).toEqual({ hours: 3, label: "3 hours" });
    expect(chooseBucket(24 * 60)).toEqual({ hours: 6, label: "6 hours" });
    expect(chooseBucket(24 * 7 * 300)).toEqual({ hours: 720, label: "30 days" });
    for (const span of [1, 500, 5_000, 50_000, 500_000]) {
      expect(Math.ceil(span / chooseBucket(span).hours)).toBeLessThanOrEqual(MAX_POINTS);
    }
  });

  it("sum hourly counts into buckets, keeping counts outside the span in the first or last", () => {
    const bucket = { hours: 3, label: "3 hours" };
    expect(
      sumIntoBuckets(
        [
          { hour: -2, n: 1 },
          { hour: 0, n: 2 },
          { hour: 5, n: 4 },
          { hour: 99, n: 8 },
        ],
        bucket,
        3,
      ),
    ).toEqual([3, 4, 8]);
    expect(bucketCount(0, 3_600_000 * 7, bucket)).toBe(3);
    expect(bucketCount(0, 0, bucket)).toBe(1);
  });

  it("put the median inside the hour of the middle account, interpolated", () => {
    expect(medianFromHours([])).toBeNull();
    expect(medianFromHours([{ hour: 5, n: 2 }])).toBe(5.5);
    expect(
      medianFromHours([
        { hour: 2, n: 2 },
        { hour: 3, n: 1 },
        { hour: 4, n: 1 },
        { hour: 5, n: 1 },
        { hour: 50, n: 1 },
      ]),
    ).toBe(4);
    expect(
      medianFromHours([
        { hour: 10, n: 4 },
        { hour: 0, n: 4 },
      ]),
    ).toBe(1);
  });
});

describe("chart windows", () => {
  it("draws the first 72 hours hourly, a week in 3-hour buckets, the whole span in about 60 buckets", () => {
    expect(rangeBucket("24h", 5000).hours).toBe(1);
    expect(rangeBucket("72h", 5000).hours).toBe(1);
    expect(rangeBucket("7d", 5000).hours).toBe(3);
    expect(rangeBucket("all", 60).hours).toBe(1);
    expect(rangeBucket("all", 160).hours).toBe(3);
    // 2019 to 2026: months, not hundreds of thin bars.
    expect(Math.ceil(61_000 / rangeBucket("all", 61_000).hours)).toBeLessThanOrEqual(MAX_POINTS);
  });

  it("never reaches past the activity", () => {
    expect(rangeHours("7d", 100)).toBe(100);
    expect(rangeHours("24h", 100)).toBe(24);
    expect(rangeHours("all", 61_000)).toBe(61_000);
  });

  it("opens on the narrowest window holding all activity, and reads only known windows", () => {
    expect(defaultRange(24)).toBe("24h");
    expect(defaultRange(25)).toBe("72h");
    expect(defaultRange(150)).toBe("7d");
    expect(defaultRange(169)).toBe("all");
    expect(parseChartRange("72h")).toBe("72h");
    expect(parseChartRange("1y")).toBeNull();
    expect(parseChartRange(["24h"])).toBeNull();
  });
});

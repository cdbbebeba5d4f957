import { describe, expect, it } from "vitest";
import { bucketStarts, chooseBucket } from "./buckets";
import type { ChartView } from "./types";
import { packCharts, unpackCharts } from "./wire";

describe("the charts' wire form", () => {
  it("restores exactly what was packed, in a third of the bytes or less", () => {
    const t0 = Date.UTC(2019, 10, 7, 9, 12);
    const bucket = chooseBucket(200);
    const starts = bucketStarts(t0, bucket, 200);
    const width = bucket.hours * 3_600_000;
    const data: ChartView = {
      t0,
      end: t0 + 200 * width,
      generatedAt: t0,
      bucket,
      milestones: [{ key: "aware", label: "T0", at: t0 }],
      headline: {
        exposed: 9,
        matched: 8,
        criticalHigh: 5,
        criticalHighUntouched: 1,
        resetsForced: 2,
        resetsCompleted: 1,
        holdsActive: 2,
        holdsReleased: 1,
        holdsExpired: 1,
        takeoverAttempts: 3,
        accountsAttempted: 2,
        holdReleases: 3,
      },
      funnel: [{ key: "exposed", label: "Exposed", accounts: 9 }],
      burndown: [{ t: t0, open: 500 }, ...starts.map((t, i) => ({ t: t + width, open: 500 - i }))],
      actions: starts.map((t, i) => ({ t, resets: i % 7, holds: i % 3, releases: i % 2, completed: i % 5 })),
      activeHolds: starts.map((t, i) => ({ t: t + width, active: i * 3 })),
      expiries: { ahead: [], later: 0, indefinite: 4 },
      statusByTier: [],
      firstAction: {
        bins: [],
        medianHours: 4,
        medianHoursByTier: { critical: 1, high: 2, medium: null, low: null },
        actioned: 6,
        notActioned: 2,
      },
      defaultRange: "all",
      attempts: starts.map((t, i) => ({ t, beforeAction: i % 11, afterAction: i % 4, actions: (i % 7) + (i % 3) })),
    };
    const packed = packCharts(data);
    expect(unpackCharts(JSON.parse(JSON.stringify(packed)))).toEqual(data);
    expect(JSON.stringify(packed).length * 3).toBeLessThan(JSON.stringify(data).length);
  });
});

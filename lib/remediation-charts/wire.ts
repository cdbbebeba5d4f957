import type { ChartRange } from "./buckets";
import type { ChartView, RemediationCharts } from "./types";

/**
 * The charts' data as sent to the browser: the time series as columns of
 * numbers (their times follow from T0 and the bucket), which is a third of
 * the size of one object per point. unpackCharts restores RemediationCharts.
 */
export type PackedCharts = Omit<ChartView, "burndown" | "actions" | "activeHolds" | "attempts"> & {
  columns: {
    burndownOpen: number[];
    resets: number[];
    holds: number[];
    releases: number[];
    completed: number[];
    activeHolds: number[];
    beforeAction: number[];
    afterAction: number[];
  };
};

export function packCharts(data: ChartView): PackedCharts {
  const { burndown, actions, activeHolds, attempts, ...rest } = data;
  return {
    ...rest,
    columns: {
      burndownOpen: burndown.map((p) => p.open),
      resets: actions.map((p) => p.resets),
      holds: actions.map((p) => p.holds),
      releases: actions.map((p) => p.releases),
      completed: actions.map((p) => p.completed),
      activeHolds: activeHolds.map((p) => p.active),
      beforeAction: attempts.map((p) => p.beforeAction),
      afterAction: attempts.map((p) => p.afterAction),
    },
  };
}

const HOUR_MS = 3_600_000;

export function unpackCharts(packed: PackedCharts): ChartView {
  const { columns: c, ...rest } = packed;
  const width = packed.bucket.hours * HOUR_MS;
  const start = (i: number) => packed.t0 + i * width;
  return {
    ...rest,
    // The burn-down's first point is T0 itself, then each bucket's end.
    burndown: c.burndownOpen.map((open, i) => ({ t: packed.t0 + i * width, open })),
    actions: c.resets.map((resets, i) => ({
      t: start(i),
      resets,
      holds: c.holds[i]!,
      releases: c.releases[i]!,
      completed: c.completed[i]!,
    })),
    activeHolds: c.activeHolds.map((active, i) => ({ t: start(i) + width, active })),
    attempts: c.beforeAction.map((beforeAction, i) => ({
      t: start(i),
      beforeAction,
      afterAction: c.afterAction[i]!,
      actions: c.resets[i]! + c.holds[i]!,
    })),
  };
}

/** One window's view: its time series in place of the whole span's, and none of the other windows. */
export function chartsForRange(data: RemediationCharts, range: ChartRange): ChartView {
  const { ranges, ...view } = data;
  return { ...view, ...ranges[range] };
}

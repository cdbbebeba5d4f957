"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ActionsPoint, ChartMilestone, TimeBucket } from "@/lib/remediation-charts/types";
import {
  COLORS,
  countTooltipProps,
  countYAxisProps,
  formatChartTime,
  legendProps,
  milestoneLines,
  TIME_CHART_MARGIN,
  timeXAxisProps,
} from "../time-axis";

/** Resets, holds and releases per bucket (stacked), with customers' completed resets as a line. */
export function ActionsChart({
  points,
  bucket,
  t0,
  end,
  milestones,
}: {
  points: ActionsPoint[];
  bucket: TimeBucket;
  t0: number;
  end: number;
  milestones: ChartMilestone[];
}) {
  // Bars sit in the middle of their bucket.
  const half = (bucket.hours * 3_600_000) / 2;
  const data = points.map((p) => ({ ...p, mid: p.t + half }));
  return (
    <div style={{ height: 280 }}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={TIME_CHART_MARGIN} barCategoryGap={1}>
          <CartesianGrid vertical={false} stroke={COLORS.grid} />
          <XAxis {...timeXAxisProps({ t0, end, dataKey: "mid", title: `Time (UTC), per ${bucket.label}` })} />
          <YAxis {...countYAxisProps(`Accounts per ${bucket.label}`)} />
          <Tooltip
            {...countTooltipProps({ labelFormatter: (v) => `${formatChartTime(Number(v) - half)} (${bucket.label})` })}
          />
          <Legend {...legendProps} />
          {milestoneLines(milestones, undefined, end - t0)}
          <Bar dataKey="resets" name="Resets forced" stackId="a" fill={COLORS.reset} isAnimationActive={false} />
          <Bar dataKey="holds" name="Holds placed" stackId="a" fill={COLORS.hold} isAnimationActive={false} />
          <Bar dataKey="releases" name="Holds released" stackId="a" fill={COLORS.release} isAnimationActive={false} />
          <Line
            dataKey="completed"
            name="Resets completed by customers"
            stroke={COLORS.completed}
            strokeWidth={2}
            dot={false}
            type="monotone"
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}

"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ActionsPoint, ChartMilestone, TimeBucket } from "@/lib/remediation-charts/types";
import {
  axisLabelStyle,
  axisTick,
  COLORS,
  legendProps,
  formatChartTime,
  milestoneLines,
  timeTicks,
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
  const ticks = timeTicks(t0, end);
  // Bars sit in the middle of their bucket.
  const half = (bucket.hours * 3_600_000) / 2;
  const data = points.map((p) => ({ ...p, mid: p.t + half }));
  return (
    <div style={{ height: 280 }}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 30, right: 16, bottom: 18, left: 8 }} barCategoryGap={1}>
          <CartesianGrid vertical={false} stroke={COLORS.grid} />
          <XAxis
            dataKey="mid"
            type="number"
            scale="time"
            domain={[t0, end]}
            tick={axisTick}
            ticks={ticks.ticks}
            tickFormatter={ticks.format}
            label={{
              value: `Time (UTC), per ${bucket.label}`,
              position: "insideBottom",
              offset: -12,
              style: axisLabelStyle,
            }}
          />
          <YAxis
            tick={axisTick}
            allowDecimals={false}
            width={56}
            tickFormatter={(v: number) => v.toLocaleString("en-US")}
            label={{
              value: `Accounts per ${bucket.label}`,
              angle: -90,
              position: "insideLeft",
              style: { ...axisLabelStyle, textAnchor: "middle" },
            }}
          />
          <Tooltip
            labelFormatter={(v) => `${formatChartTime(Number(v) - half)} (${bucket.label})`}
            formatter={(value, name) => [Number(value).toLocaleString("en-US"), name]}
            contentStyle={{ fontSize: 12, borderRadius: 8, borderColor: COLORS.grid }}
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

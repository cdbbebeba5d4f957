"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { AttemptsPoint, ChartMilestone, TimeBucket } from "@/lib/remediation-charts/types";
import {
  axisLabelStyle,
  axisTick,
  COLORS,
  legendProps,
  formatChartTime,
  milestoneLines,
  timeTicks,
} from "../time-axis";

/** Security events after T0 per bucket (on accounts not yet actioned, and on actioned ones) against actions taken. */
export function TakeoverAttemptsChart({
  points,
  bucket,
  t0,
  end,
  milestones,
}: {
  points: AttemptsPoint[];
  bucket: TimeBucket;
  t0: number;
  end: number;
  milestones: ChartMilestone[];
}) {
  const ticks = timeTicks(t0, end);
  const half = (bucket.hours * 3_600_000) / 2;
  const data = points.map((p) => ({ ...p, mid: p.t + half }));
  return (
    <div style={{ height: 280 }}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ top: 30, right: 8, bottom: 18, left: 8 }} barCategoryGap={1}>
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
            yAxisId="attempts"
            tick={axisTick}
            allowDecimals={false}
            width={56}
            tickFormatter={(v: number) => v.toLocaleString("en-US")}
            label={{
              value: `Attempts per ${bucket.label}`,
              angle: -90,
              position: "insideLeft",
              style: { ...axisLabelStyle, textAnchor: "middle" },
            }}
          />
          <YAxis
            yAxisId="actions"
            orientation="right"
            tick={axisTick}
            allowDecimals={false}
            width={64}
            tickFormatter={(v: number) => v.toLocaleString("en-US")}
            label={{
              value: `Actions per ${bucket.label}`,
              angle: 90,
              position: "insideRight",
              style: { ...axisLabelStyle, textAnchor: "middle" },
            }}
          />
          <Tooltip
            labelFormatter={(v) => `${formatChartTime(Number(v) - half)} (${bucket.label})`}
            formatter={(value, name) => [Number(value).toLocaleString("en-US"), name]}
            contentStyle={{ fontSize: 12, borderRadius: 8, borderColor: COLORS.grid }}
          />
          <Legend {...legendProps} />
          {milestoneLines(milestones, "attempts", end - t0)}
          <Bar
            yAxisId="attempts"
            dataKey="beforeAction"
            name="Attempts, account not yet actioned"
            stackId="e"
            fill={COLORS.attempt}
            isAnimationActive={false}
          />
          <Bar
            yAxisId="attempts"
            dataKey="afterAction"
            name="Attempts, account already actioned"
            stackId="e"
            fill={COLORS.attemptBlocked}
            isAnimationActive={false}
          />
          <Line
            yAxisId="actions"
            dataKey="actions"
            name="Resets and holds"
            stroke={COLORS.reset}
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

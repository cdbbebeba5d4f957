"use client";

import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { BurndownPoint, ChartMilestone } from "@/lib/remediation-charts/types";
import { axisLabelStyle, axisTick, COLORS, formatChartTime, milestoneLines, timeTicks } from "../time-axis";

/** Open critical and high accounts (no action yet) from T0. */
export function BurndownChart({
  points,
  t0,
  end,
  milestones,
  height = 260,
}: {
  points: BurndownPoint[];
  t0: number;
  end: number;
  milestones: ChartMilestone[];
  height?: number;
}) {
  const ticks = timeTicks(t0, end);
  return (
    <div style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={points} margin={{ top: 30, right: 16, bottom: 18, left: 8 }}>
          <CartesianGrid vertical={false} stroke={COLORS.grid} />
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={[t0, end]}
            tick={axisTick}
            ticks={ticks.ticks}
            tickFormatter={ticks.format}
            label={{ value: "Time (UTC)", position: "insideBottom", offset: -12, style: axisLabelStyle }}
          />
          <YAxis
            tick={axisTick}
            allowDecimals={false}
            width={56}
            tickFormatter={(v: number) => v.toLocaleString("en-US")}
            label={{
              value: "Open accounts",
              angle: -90,
              position: "insideLeft",
              style: { ...axisLabelStyle, textAnchor: "middle" },
            }}
          />
          <Tooltip
            labelFormatter={(v) => formatChartTime(Number(v))}
            formatter={(value) => [Number(value).toLocaleString("en-US"), "Open critical and high"]}
            contentStyle={{ fontSize: 12, borderRadius: 8, borderColor: COLORS.grid }}
          />
          {milestoneLines(milestones, undefined, end - t0)}
          <Area
            type="stepAfter"
            dataKey="open"
            name="Open critical and high"
            stroke={COLORS.open}
            fill={COLORS.open}
            fillOpacity={0.12}
            strokeWidth={2}
            isAnimationActive={false}
          />
        </AreaChart>
      </ResponsiveContainer>
    </div>
  );
}

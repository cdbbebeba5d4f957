"use client";

import { Area, AreaChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { BurndownPoint, ChartMilestone } from "@/lib/remediation-charts/types";
import {
  COLORS,
  countTooltipProps,
  countYAxisProps,
  formatChartTime,
  milestoneLines,
  TIME_CHART_MARGIN,
  timeXAxisProps,
} from "../time-axis";

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
  return (
    <div style={{ height }}>
      <ResponsiveContainer width="100%" height="100%">
        <AreaChart data={points} margin={TIME_CHART_MARGIN}>
          <CartesianGrid vertical={false} stroke={COLORS.grid} />
          <XAxis {...timeXAxisProps({ t0, end })} />
          <YAxis {...countYAxisProps("Open accounts")} />
          <Tooltip
            {...countTooltipProps({
              labelFormatter: (v) => formatChartTime(Number(v)),
              series: "Open critical and high",
            })}
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

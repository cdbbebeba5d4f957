"use client";

import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { AttemptsPoint, ChartMilestone, TimeBucket } from "@/lib/remediation-charts/types";
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
  const half = (bucket.hours * 3_600_000) / 2;
  const data = points.map((p) => ({ ...p, mid: p.t + half }));
  return (
    <div style={{ height: 280 }}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={data} margin={{ ...TIME_CHART_MARGIN, right: 8 }} barCategoryGap={1}>
          <CartesianGrid vertical={false} stroke={COLORS.grid} />
          <XAxis {...timeXAxisProps({ t0, end, dataKey: "mid", title: `Time (UTC), per ${bucket.label}` })} />
          <YAxis yAxisId="attempts" {...countYAxisProps(`Attempts per ${bucket.label}`)} />
          <YAxis yAxisId="actions" {...countYAxisProps(`Actions per ${bucket.label}`, "right")} />
          <Tooltip
            {...countTooltipProps({ labelFormatter: (v) => `${formatChartTime(Number(v) - half)} (${bucket.label})` })}
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

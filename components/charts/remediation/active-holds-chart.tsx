"use client";

import { Area, AreaChart, Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ActiveHoldsPoint, ChartMilestone, ExpiryPoint } from "@/lib/remediation-charts/types";
import {
  axisTick,
  COLORS,
  countTooltipProps,
  countYAxisProps,
  formatChartCount,
  formatChartTime,
  milestoneLines,
  TIME_CHART_MARGIN,
  timeXAxisProps,
} from "../time-axis";

const dayLabel = new Intl.DateTimeFormat("en-GB", {
  weekday: "short",
  day: "numeric",
  month: "short",
  timeZone: "UTC",
});

/** Active withdrawal holds over time, and below, how many end by themselves in the days ahead. */
export function ActiveHoldsChart({
  points,
  expiries,
  t0,
  end,
  milestones,
}: {
  points: ActiveHoldsPoint[];
  expiries: { ahead: ExpiryPoint[]; later: number; indefinite: number };
  t0: number;
  end: number;
  milestones: ChartMilestone[];
}) {
  const data = [{ t: t0, active: 0 }, ...points];
  return (
    <div>
      <div style={{ height: 210 }}>
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={data} margin={TIME_CHART_MARGIN}>
            <CartesianGrid vertical={false} stroke={COLORS.grid} />
            <XAxis {...timeXAxisProps({ t0, end })} />
            <YAxis {...countYAxisProps("Active holds")} />
            <Tooltip
              {...countTooltipProps({ labelFormatter: (v) => formatChartTime(Number(v)), series: "Active holds" })}
            />
            {milestoneLines(milestones, undefined, end - t0)}
            <Area
              type="stepAfter"
              dataKey="active"
              name="Active holds"
              stroke={COLORS.hold}
              fill={COLORS.hold}
              fillOpacity={0.15}
              strokeWidth={2}
              isAnimationActive={false}
            />
          </AreaChart>
        </ResponsiveContainer>
      </div>
      <h3 className="mt-3 text-xs font-semibold uppercase tracking-wide text-slate-600">
        Expiries ahead (next 14 days)
      </h3>
      {expiries.ahead.length === 0 ? (
        <p className="mt-1 text-xs text-slate-600">
          No hold ends by itself in the next 14 days
          {expiries.later ? `; ${formatChartCount(expiries.later)} later` : ""}. {formatChartCount(expiries.indefinite)}{" "}
          hold until released by hand.
        </p>
      ) : (
        <div style={{ height: 120 }}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={expiries.ahead} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
              <CartesianGrid vertical={false} stroke={COLORS.grid} />
              <XAxis dataKey="t" tick={axisTick} tickFormatter={(v: number) => dayLabel.format(v)} />
              <YAxis tick={axisTick} allowDecimals={false} width={56} />
              <Tooltip
                {...countTooltipProps({
                  labelFormatter: (v) => `Expiring in the day from ${formatChartTime(Number(v))}`,
                  series: "Holds",
                })}
              />
              <Bar
                dataKey="expiring"
                name="Holds expiring"
                fill={COLORS.hold}
                fillOpacity={0.6}
                isAnimationActive={false}
              />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </div>
  );
}

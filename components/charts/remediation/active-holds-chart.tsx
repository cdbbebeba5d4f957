"use client";

import { Area, AreaChart, Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { ActiveHoldsPoint, ChartMilestone, ExpiryPoint } from "@/lib/remediation-charts/types";
import { axisLabelStyle, axisTick, COLORS, formatChartTime, milestoneLines, timeTicks } from "../time-axis";

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
  const ticks = timeTicks(t0, end);
  const data = [{ t: t0, active: 0 }, ...points];
  return (
    <div>
      <div style={{ height: 210 }}>
        <ResponsiveContainer width="100%" height="100%">
          <AreaChart data={data} margin={{ top: 30, right: 16, bottom: 18, left: 8 }}>
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
                value: "Active holds",
                angle: -90,
                position: "insideLeft",
                style: { ...axisLabelStyle, textAnchor: "middle" },
              }}
            />
            <Tooltip
              labelFormatter={(v) => formatChartTime(Number(v))}
              formatter={(value) => [Number(value).toLocaleString("en-US"), "Active holds"]}
              contentStyle={{ fontSize: 12, borderRadius: 8, borderColor: COLORS.grid }}
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
          {expiries.later ? `; ${expiries.later.toLocaleString("en-US")} later` : ""}.{" "}
          {expiries.indefinite.toLocaleString("en-US")} hold until released by hand.
        </p>
      ) : (
        <div style={{ height: 120 }}>
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={expiries.ahead} margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
              <CartesianGrid vertical={false} stroke={COLORS.grid} />
              <XAxis dataKey="t" tick={axisTick} tickFormatter={(v: number) => dayLabel.format(v)} />
              <YAxis tick={axisTick} allowDecimals={false} width={56} />
              <Tooltip
                labelFormatter={(v) => `Expiring in the day from ${formatChartTime(Number(v))}`}
                formatter={(value) => [Number(value).toLocaleString("en-US"), "Holds"]}
                contentStyle={{ fontSize: 12, borderRadius: 8, borderColor: COLORS.grid }}
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

"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { FirstActionBin } from "@/lib/remediation-charts/types";
import { axisLabelStyle, axisTick, COLORS, countTooltipProps, countYAxisProps } from "../time-axis";

/** How long after T0 each actioned account got its first action: a histogram. */
export function FirstActionChart({ bins }: { bins: FirstActionBin[] }) {
  return (
    <div style={{ height: 260 }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={bins} margin={{ top: 8, right: 16, bottom: 18, left: 8 }}>
          <CartesianGrid vertical={false} stroke={COLORS.grid} />
          <XAxis
            dataKey="label"
            tick={axisTick}
            tickLine={false}
            interval={0}
            label={{
              value: "Time from T0 to first action",
              position: "insideBottom",
              offset: -12,
              style: axisLabelStyle,
            }}
          />
          <YAxis {...countYAxisProps("Accounts")} />
          <Tooltip {...countTooltipProps({ series: "Accounts", bars: true })} />
          <Bar dataKey="accounts" name="Accounts" fill={COLORS.reset} radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

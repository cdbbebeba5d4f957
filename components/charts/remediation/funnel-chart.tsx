"use client";

import { useState } from "react";
import { Bar, BarChart, CartesianGrid, LabelList, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { FunnelStage } from "@/lib/remediation-charts/types";
import { axisLabelStyle, axisTick, COLORS, countTooltipProps, formatChartCount } from "../time-axis";

const STAGE_COLORS: Record<string, string> = {
  exposed: "#94a3b8",
  matched: "#64748b",
  actioned: COLORS.reset,
  reset_forced: COLORS.reset,
  reset_completed: COLORS.completed,
  hold_placed: COLORS.hold,
  hold_ended: COLORS.release,
};

// Below this chart width (a phone) the stage names get a narrower column,
// wrapping onto more lines, so that the bars keep half of the width.
const NARROW_CHART_PX = 480;

/** Exposed → matched → actioned → completed, per action kind: horizontal bars. */
export function FunnelChart({ stages, height = 260 }: { stages: FunnelStage[]; height?: number }) {
  const data = stages.map((s) => ({ ...s, fill: STAGE_COLORS[s.key] ?? COLORS.reset }));
  const [narrow, setNarrow] = useState(false);
  return (
    <div style={{ height }}>
      <ResponsiveContainer width="100%" height="100%" onResize={(width) => setNarrow(width < NARROW_CHART_PX)}>
        <BarChart data={data} layout="vertical" margin={{ top: 4, right: 56, bottom: 18, left: 8 }}>
          <CartesianGrid horizontal={false} stroke={COLORS.grid} />
          <XAxis
            type="number"
            tick={axisTick}
            tickLine={false}
            allowDecimals={false}
            tickFormatter={formatChartCount}
            label={{ value: "Accounts", position: "insideBottom", offset: -12, style: axisLabelStyle }}
          />
          <YAxis type="category" dataKey="label" width={narrow ? 128 : 196} tick={axisTick} tickLine={false} axisLine={false} />
          <Tooltip {...countTooltipProps({ series: "Accounts", bars: true })} />
          <Bar dataKey="accounts" name="Accounts" radius={[0, 3, 3, 0]} isAnimationActive={false}>
            <LabelList
              dataKey="accounts"
              position="right"
              formatter={formatChartCount}
              style={{ fontSize: 11, fill: "#334155" }}
            />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

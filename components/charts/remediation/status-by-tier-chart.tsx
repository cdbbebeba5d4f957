"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { TIER_LABELS } from "@/lib/triage/labels";
import type { TierStatus } from "@/lib/remediation-charts/types";
import { axisLabelStyle, axisTick, COLORS, countTooltipProps, countYAxisProps, legendProps } from "../time-axis";

const TIER_STATUS_SERIES = [
  { key: "untouched", name: "No action yet", color: COLORS.open },
  { key: "waiting", name: "No action, as the policy expects", color: "#94a3b8" },
  { key: "resetForced", name: "Reset forced", color: COLORS.reset },
  { key: "resetCompleted", name: "Reset completed", color: COLORS.completed },
  { key: "held", name: "Withdrawals held", color: COLORS.hold },
  { key: "holdEnded", name: "Hold ended", color: COLORS.release },
  { key: "noAccount", name: "No account", color: "#cbd5e1" },
] as const;

/** Each risk tier's accounts by their most protective state, stacked. */
export function StatusByTierChart({ rows }: { rows: TierStatus[] }) {
  // Medium and low accounts are left alone by policy until something happens
  // to them: only critical and high ones without action are alarm red.
  const data = rows.map((r) => {
    const urgent = r.tier === "critical" || r.tier === "high";
    return { ...r, untouched: urgent ? r.untouched : 0, waiting: urgent ? 0 : r.untouched, label: TIER_LABELS[r.tier] };
  });
  return (
    <div style={{ height: 280 }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 16, bottom: 18, left: 8 }}>
          <CartesianGrid vertical={false} stroke={COLORS.grid} />
          <XAxis
            dataKey="label"
            tick={axisTick}
            tickLine={false}
            label={{ value: "Risk tier", position: "insideBottom", offset: -12, style: axisLabelStyle }}
          />
          <YAxis {...countYAxisProps("Accounts")} />
          <Tooltip {...countTooltipProps({ bars: true })} />
          <Legend {...legendProps} />
          {TIER_STATUS_SERIES.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.name} stackId="s" fill={s.color} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

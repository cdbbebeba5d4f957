"use client";

import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export type ExposureBar = { label: string; matched: number; unmatched: number };

export function ExposureByMessageChart({ data }: { data: ExposureBar[] }) {
  if (data.length === 0) {
    return <p className="py-16 text-center text-sm text-slate-500">No leaked messages imported yet.</p>;
  }
  return (
    <div
      className="h-72"
      role="img"
      aria-label={`Recipients per message for ${data.length} messages, matched and unmatched`}
    >
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid vertical={false} stroke="#e2e8f0" />
          <XAxis
            dataKey="label"
            tick={{ fontSize: 11, fill: "#64748b" }}
            tickLine={false}
            axisLine={{ stroke: "#cbd5e1" }}
            interval="preserveStartEnd"
            minTickGap={12}
          />
          <YAxis tick={{ fontSize: 11, fill: "#64748b" }} tickLine={false} axisLine={false} width={44} />
          <Tooltip
            cursor={{ fill: "rgba(59,108,246,0.06)" }}
            contentStyle={{ fontSize: 12, borderRadius: 8, borderColor: "#e2e8f0" }}
          />
          <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="matched" name="Matched to an account" stackId="r" fill="#2a55e0" />
          <Bar dataKey="unmatched" name="No account found" stackId="r" fill="#cbd5e1" radius={[3, 3, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

import { ReferenceLine } from "recharts";
import { milestoneLabels } from "@/lib/remediation-charts/milestone-labels";
import type { ChartMilestone } from "@/lib/remediation-charts/types";

// Shared by the time charts: one UTC time axis from T0, the milestones drawn
// on it, and the same colours everywhere.

export const COLORS = {
  reset: "#2a55e0",
  completed: "#059669",
  hold: "#d97706",
  release: "#64748b",
  open: "#dc2626",
  attempt: "#dc2626",
  attemptBlocked: "#fca5a5",
  grid: "#e2e8f0",
  axis: "#475569",
  milestone: "#334155",
} as const;

const dayHour = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
  timeZone: "UTC",
});
const day = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });
const dayYear = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

const HOUR = 3_600_000;
const TICK_STEPS = [1, 2, 3, 6, 12, 24, 48, 168, 720, 2160, 8760].map((h) => h * HOUR);

/**
 * Ticks on whole UTC hours or days (at most about eight), and how to label
 * them: with the hour while a step is under a day, with the year past a year.
 */
function timeTicks(t0: number, end: number): { ticks: number[]; format: (ms: number) => string } {
  const span = Math.max(HOUR, end - t0);
  const step = TICK_STEPS.find((s) => span / s <= 8) ?? TICK_STEPS[TICK_STEPS.length - 1]!;
  const first = Math.ceil(t0 / step) * step;
  const ticks: number[] = [];
  for (let t = first; t <= end; t += step) ticks.push(t);
  const format =
    step < 24 * HOUR
      ? (ms: number) => dayHour.format(ms)
      : span > 365 * 24 * HOUR
        ? (ms: number) => dayYear.format(ms)
        : (ms: number) => day.format(ms);
  return { ticks, format };
}

const hourMinute = new Intl.DateTimeFormat("en-GB", {
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
  timeZone: "UTC",
});

/** "7 Nov 2019, 14:00 UTC" for tooltips and tables. */
export function formatChartTime(ms: number): string {
  return `${dayYear.format(ms)}, ${hourMinute.format(ms)} UTC`;
}

const count = new Intl.NumberFormat("en-US");
/** "12,345": counts on axes, in tooltips and labels. */
export const formatChartCount = (value: unknown) => count.format(Number(value));

export const axisTick = { fontSize: 11, fill: COLORS.axis };
export const axisLabelStyle = { fontSize: 11, fill: COLORS.axis };

/** Room above for the milestone numbers, below for the axis title. */
export const TIME_CHART_MARGIN = { top: 30, right: 16, bottom: 18, left: 8 };

// The charts' axes and tooltips, as props to spread on Recharts' own
// elements (Recharts reads its children's props, so the elements stay theirs).

/** The time axis from T0 to `end`, in UTC, ticked on whole hours or days. */
export function timeXAxisProps({
  t0,
  end,
  dataKey = "t",
  title = "Time (UTC)",
}: {
  t0: number;
  end: number;
  dataKey?: string;
  title?: string;
}) {
  const { ticks, format } = timeTicks(t0, end);
  return {
    dataKey,
    type: "number" as const,
    scale: "time" as const,
    domain: [t0, end],
    tick: axisTick,
    ticks,
    tickFormatter: format,
    label: { value: title, position: "insideBottom" as const, offset: -12, style: axisLabelStyle },
  };
}

/** An axis of whole counts with its title, on the left (or the right). */
export function countYAxisProps(title: string, side: "left" | "right" = "left") {
  return {
    tick: axisTick,
    allowDecimals: false,
    width: side === "left" ? 56 : 64,
    tickFormatter: formatChartCount,
    ...(side === "right" ? { orientation: "right" as const } : {}),
    label: {
      value: title,
      angle: side === "left" ? -90 : 90,
      position: side === "left" ? ("insideLeft" as const) : ("insideRight" as const),
      style: { ...axisLabelStyle, textAnchor: "middle" as const },
    },
  };
}

/**
 * A tooltip that prints counts; `series` names the one series of a chart
 * (otherwise each value is named by its series).
 */
export function countTooltipProps({
  labelFormatter,
  series,
  bars = false,
}: {
  labelFormatter?: (label: unknown) => string;
  series?: string;
  bars?: boolean;
}) {
  return {
    ...(labelFormatter ? { labelFormatter } : {}),
    ...(bars ? { cursor: { fill: "rgba(59,108,246,0.06)" } } : {}),
    formatter: (value: unknown, name: unknown) => [formatChartCount(value), series ?? String(name)] as [string, string],
    contentStyle: { fontSize: 12, borderRadius: 8, borderColor: COLORS.grid },
  };
}

/**
 * T0 and the milestones as numbered vertical lines (direct children of a
 * chart); MilestoneKey lists what each number stands for under the chart.
 */
export function milestoneLines(milestones: readonly ChartMilestone[], yAxisId?: string, span = 0) {
  const labels = milestoneLabels(milestones, span);
  return milestones.map((m, i) => (
    <ReferenceLine
      key={m.key}
      yAxisId={yAxisId}
      x={m.at}
      stroke={COLORS.milestone}
      strokeDasharray={m.key === "aware" ? undefined : "4 3"}
      ifOverflow="extendDomain"
      label={
        labels[i] === null
          ? undefined
          : {
              value: labels[i],
              position: "top",
              offset: 4,
              fontSize: 10,
              fontWeight: 600,
              fill: COLORS.milestone,
            }
      }
    />
  ));
}

/** The key to the numbered milestone lines. */
export function MilestoneKey({ milestones }: { milestones: readonly ChartMilestone[] }) {
  if (milestones.length === 0) return null;
  return (
    <ol
      className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-[11px] text-slate-600"
      aria-label="Milestones marked on the time axis"
    >
      {milestones.map((m, i) => (
        <li key={m.key} className="flex items-center gap-1">
          <span className="inline-flex h-4 w-4 items-center justify-center rounded-full border border-slate-400 text-[10px] font-semibold text-slate-700">
            {i + 1}
          </span>
          {m.label}, {formatChartTime(m.at)}
        </li>
      ))}
    </ol>
  );
}

/** Legend entries in readable ink (the swatch carries the colour). */
export const legendProps = {
  iconType: "circle" as const,
  iconSize: 8,
  wrapperStyle: { fontSize: 12, paddingBottom: 4 },
  verticalAlign: "top" as const,
  align: "right" as const,
  formatter: (value: unknown) => <span style={{ color: "#334155" }}>{String(value)}</span>,
};

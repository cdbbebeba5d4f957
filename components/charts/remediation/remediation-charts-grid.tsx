"use client";

import { useMemo, type ReactNode } from "react";
import { chartSummary } from "@/lib/remediation-charts/summaries";
import { chartTable, type RemediationChartName } from "@/lib/remediation-charts/tables";
import { unpackCharts, type PackedCharts } from "@/lib/remediation-charts/wire";
import { ChartPanel } from "../chart-panel";
import { formatChartTime, MilestoneKey } from "../time-axis";
import { ActionsChart } from "./actions-chart";
import { ActiveHoldsChart } from "./active-holds-chart";
import { BurndownChart } from "./burndown-chart";
import { FirstActionChart } from "./first-action-chart";
import { FunnelChart } from "./funnel-chart";
import { StatusByTierChart } from "./status-by-tier-chart";
import { TakeoverAttemptsChart } from "./takeover-attempts-chart";

/** The remediation tab's charts, each with its words, its table and its CSV. */
export function RemediationChartsGrid({ packed, exportBase }: { packed: PackedCharts; exportBase: string }) {
  const data = useMemo(() => unpackCharts(packed), [packed]);
  const axis = { t0: data.t0, end: data.end, milestones: data.milestones };
  const panel = (chart: RemediationChartName, title: string, description: string, body: ReactNode, wide = false) => (
    <ChartPanel
      id={`chart-${chart}`}
      title={title}
      description={description}
      summary={chartSummary(data, chart)}
      table={() => chartTable(data, chart, { time: formatChartTime, compact: true })}
      csvHref={`${exportBase}?chart=${chart}`}
      className={wide ? "xl:col-span-2" : ""}
    >
      {body}
    </ChartPanel>
  );
  return (
    <div className="grid gap-6 xl:grid-cols-2 print:block print:space-y-4">
      {panel(
        "burndown",
        "Are we winning? Open critical and high-risk accounts since T0",
        "Critical and high accounts with no reset or hold yet, at the end of each bucket. T0 and the milestones are marked.",
        <>
          <BurndownChart points={data.burndown} {...axis} />
          <MilestoneKey milestones={data.milestones} />
        </>,
        true,
      )}
      {panel(
        "funnel",
        "Remediation funnel",
        "Exposed addresses → matched to an account → actioned → completed, per action kind.",
        <FunnelChart stages={data.funnel} />,
      )}
      {panel(
        "status-by-tier",
        "Status by risk tier",
        "Each account counted once, by its most protective state.",
        <StatusByTierChart rows={data.statusByTier} />,
      )}
      {panel(
        "actions",
        `Actions per ${data.bucket.label}`,
        "Password resets forced, withdrawal holds placed and released (bars); resets completed by customers (line).",
        <>
          <ActionsChart points={data.actions} bucket={data.bucket} {...axis} />
          <MilestoneKey milestones={data.milestones} />
        </>,
        true,
      )}
      {panel(
        "active-holds",
        "Active withdrawal holds",
        "Holds in force over time, and the holds that end by themselves in the next 14 days.",
        <>
          <ActiveHoldsChart points={data.activeHolds} expiries={data.expiries} {...axis} />
          <MilestoneKey milestones={data.milestones} />
        </>,
      )}
      {panel(
        "first-action",
        "Time from T0 to first action",
        "How long each actioned account waited for its first reset or hold.",
        <FirstActionChart bins={data.firstAction.bins} />,
      )}
      {panel(
        "takeover-attempts",
        "Did we act before the attackers? Takeover attempts after T0",
        `Security events on exposed accounts per ${data.bucket.label}, split by whether the account was already reset or held; the line shows resets and holds.`,
        <>
          <TakeoverAttemptsChart points={data.attempts} bucket={data.bucket} {...axis} />
          <MilestoneKey milestones={data.milestones} />
        </>,
        true,
      )}
    </div>
  );
}

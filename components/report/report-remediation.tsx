"use client";

import { chartSummary } from "@/lib/remediation-charts/summaries";
import { useMemo } from "react";
import { unpackCharts, type PackedCharts } from "@/lib/remediation-charts/wire";
import { BurndownChart } from "../charts/remediation/burndown-chart";
import { FunnelChart } from "../charts/remediation/funnel-chart";
import { MilestoneKey } from "../charts/time-axis";

/**
 * The report's remediation section: the funnel and the burn-down, at a fixed
 * width that fits an A4 page, so the printed charts match the screen.
 */
export function ReportRemediation({ packed }: { packed: PackedCharts }) {
  const data = useMemo(() => unpackCharts(packed), [packed]);
  return (
    <div className="space-y-6">
      <figure className="m-0 break-inside-avoid">
        <figcaption className="mb-2 text-sm text-slate-700">
          <span className="font-semibold text-slate-900">Remediation funnel. </span>
          {chartSummary(data, "funnel")}
        </figcaption>
        <div
          role="img"
          aria-label={`Remediation funnel. ${chartSummary(data, "funnel")}`}
          style={{ width: "100%", maxWidth: 660 }}
        >
          <FunnelChart stages={data.funnel} height={240} />
        </div>
      </figure>
      <figure className="m-0 break-inside-avoid">
        <figcaption className="mb-2 text-sm text-slate-700">
          <span className="font-semibold text-slate-900">Open critical and high-risk accounts since T0. </span>
          {chartSummary(data, "burndown")}
        </figcaption>
        <div
          role="img"
          aria-label={`Burn-down. ${chartSummary(data, "burndown")}`}
          style={{ width: "100%", maxWidth: 660 }}
        >
          <BurndownChart points={data.burndown} t0={data.t0} end={data.end} milestones={data.milestones} height={240} />
        </div>
        <MilestoneKey milestones={data.milestones} />
      </figure>
    </div>
  );
}

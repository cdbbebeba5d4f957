import type { Metadata } from "next";
import { ChartRangePicker } from "@/components/charts/remediation/chart-range-picker";
import { RemediationChartsGrid } from "@/components/charts/remediation/remediation-charts-grid";
import { RemediationAutoRefresh } from "@/components/remediation/remediation-auto-refresh";
import { RemediationHeadline } from "@/components/remediation/remediation-headline";
import { can } from "@/lib/auth/permissions";
import { formatUtc } from "@/lib/format/dates";
import { regulatorClockNumber } from "@/lib/remediation-charts/regulator-clock";
import { parseChartRange } from "@/lib/remediation-charts/buckets";
import { chartsForRange, packCharts } from "@/lib/remediation-charts/wire";
import { requirePagePermission } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { readRemediationCharts } from "@/server/remediation-stats/read-remediation-charts";
import { loadIncidentOr404, loadMilestoneTimes } from "../load-incident";

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export const metadata: Metadata = { title: "Remediation" };

export default async function RemediationPage({ params, searchParams }: Props) {
  const user = await requirePagePermission("incidents.read");
  const { slug } = await params;
  const incident = await loadIncidentOr404(slug);
  const db = await getDb();
  const now = new Date();
  const [{ data, version, running }, milestones] = await Promise.all([
    readRemediationCharts(db, incident),
    loadMilestoneTimes(incident),
  ]);
  const base = `/api/v1/incidents/${encodeURIComponent(incident.slug)}/remediation`;
  const range = parseChartRange((await searchParams).range) ?? data.defaultRange;
  const clock = regulatorClockNumber(incident.awareAt, milestones.regulator_notified, now);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 className="text-base font-semibold text-slate-900">Remediation</h2>
          <p className="text-sm text-slate-600">
            Every number opens the Exposed accounts table filtered to exactly those accounts. Times in UTC; T0 is{" "}
            {formatUtc(incident.awareAt)}.
          </p>
        </div>
        <RemediationAutoRefresh
          versionUrl={`${base}/version`}
          version={version}
          running={running}
          generatedAt={formatUtc(new Date(data.generatedAt))}
        />
      </div>
      <RemediationHeadline
        slug={incident.slug}
        headline={data.headline}
        medianHoursByTier={data.firstAction.medianHoursByTier}
        clock={{ ...clock, href: `/incidents/${encodeURIComponent(incident.slug)}/timeline` }}
        linkAccounts={can(user.role, "accounts.read")}
      />
      <ChartRangePicker
        basePath={`/incidents/${encodeURIComponent(incident.slug)}/remediation`}
        selected={range}
        defaultRange={data.defaultRange}
      />
      <RemediationChartsGrid packed={packCharts(chartsForRange(data, range))} exportBase={`${base}/export`} />
    </div>
  );
}

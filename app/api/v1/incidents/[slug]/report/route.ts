import { REMEDIATION_CHARTS, chartTable } from "@/lib/remediation-charts/tables";
import { getIncidentReportOperation } from "@/server/api/operations/reports";
import { operationRoute } from "@/server/api/operation-route";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { listNoticeCampaigns } from "@/server/notify/get-notice-campaign";
import { readRemediationCharts } from "@/server/remediation-stats/read-remediation-charts";
import { buildIncidentReport } from "@/server/timeline/build-incident-report";
import { EMPTY_STATS } from "@/server/timeline/report/article-33-summary";

export const dynamic = "force-dynamic";

/** What the report page shows, as data: the same functions, the same choices (no rejected or expired campaigns). */
export const GET = operationRoute(getIncidentReportOperation, async ({ db, params }) => {
  const incident = await getIncidentBySlugOrThrow(db, params.slug);
  const [report, remediation, campaigns] = await Promise.all([
    buildIncidentReport(db, incident),
    readRemediationCharts(db, incident),
    listNoticeCampaigns(db, incident.id),
  ]);
  const charts = Object.fromEntries(
    REMEDIATION_CHARTS.map((chart) => [chart, chartTable(remediation.data, chart, { compact: true })]),
  );
  return {
    status: 200,
    body: {
      report: {
        ...report,
        // The page's numbers, without the row's bookkeeping (incident id, updated at).
        stats: Object.fromEntries(
          Object.keys(EMPTY_STATS).map((key) => [key, report.stats[key as keyof typeof EMPTY_STATS]]),
        ),
        remediation: { headline: remediation.data.headline, charts },
        noticeCampaigns: campaigns.filter((c) => c.status !== "rejected" && c.status !== "expired"),
      },
    },
  };
});

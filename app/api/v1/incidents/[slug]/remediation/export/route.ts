import { exportRemediationChartOperation } from "@/server/api/operations/remediation-stats";
import { operationRoute } from "@/server/api/operation-route";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { remediationChartCsv } from "@/server/remediation-stats/export-remediation-chart-csv";
import { readRemediationCharts } from "@/server/remediation-stats/read-remediation-charts";

export const dynamic = "force-dynamic";

// GET /api/v1/incidents/<slug>/remediation/export?chart=<name>: one chart's
// numbers as CSV (aggregates only, formula-safe).
export const GET = operationRoute(exportRemediationChartOperation, async ({ db, params, query }) => {
  const incident = await getIncidentBySlugOrThrow(db, params.slug);
  // The data the page shows (the stored snapshot when current).
  const csv = remediationChartCsv((await readRemediationCharts(db, incident)).data, query.chart);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${incident.slug}-${query.chart}.csv"`,
      "Cache-Control": "no-store",
    },
  });
});

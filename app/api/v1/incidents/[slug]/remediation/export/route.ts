import { z } from "zod";
import { REMEDIATION_CHARTS } from "@/lib/remediation-charts/tables";
import { apiHandler } from "@/server/api-handler";
import { getDb } from "@/server/db";
import { AppError } from "@/server/errors";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { remediationChartCsv } from "@/server/remediation-stats/export-remediation-chart-csv";
import { readRemediationCharts } from "@/server/remediation-stats/read-remediation-charts";

type Context = { params: Promise<{ slug: string }> };

const ExportQuery = z.object({ chart: z.enum(REMEDIATION_CHARTS) });

// GET /api/v1/incidents/<slug>/remediation/export?chart=<name>: one chart's
// numbers as CSV (aggregates only, formula-safe).
export const GET = apiHandler("incidents.read", async (request: Request, _user, { params }: Context) => {
  const { slug } = await params;
  const query = ExportQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  if (!query.success) throw new AppError("VALIDATION", `chart must be one of: ${REMEDIATION_CHARTS.join(", ")}.`);
  const db = await getDb();
  const incident = await getIncidentBySlugOrThrow(db, slug);
  // The data the page shows (the stored snapshot when current).
  const csv = remediationChartCsv((await readRemediationCharts(db, incident)).data, query.data.chart);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${incident.slug}-${query.data.chart}.csv"`,
      "Cache-Control": "no-store",
    },
  });
});

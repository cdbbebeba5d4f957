import { ExposureByMessageChart } from "@/components/charts/exposure-by-message-chart";
import { formatUtcTime } from "@/lib/format/dates";
import { getDb } from "@/server/db";
import { getExposureByMessage } from "@/server/incidents/get-exposure-by-message";
import type { IncidentVersion } from "@/server/incidents/memo-until-stats-move";

export async function ExposureChartWidget({ incident }: { incident: IncidentVersion }) {
  const rows = await getExposureByMessage(await getDb(), incident);
  const data = rows.map((row) => ({
    label: row.sentAt ? formatUtcTime(row.sentAt) : row.batchKey,
    matched: row.matched,
    unmatched: row.recipients - row.matched,
  }));
  return <ExposureByMessageChart data={data} />;
}

import { ExposureByMessageChart } from "@/components/charts/exposure-by-message-chart";
import { formatUtcTime } from "@/lib/format/dates";
import { getDb } from "@/server/db";
import { getExposureByMessage } from "@/server/incidents/get-exposure-by-message";

export async function ExposureChartWidget({ incidentId }: { incidentId: string }) {
  const rows = await getExposureByMessage(await getDb(), incidentId);
  const data = rows.map((row) => ({
    label: row.sentAt ? formatUtcTime(row.sentAt) : row.batchKey,
    matched: row.matched,
    unmatched: row.recipients - row.matched,
  }));
  return <ExposureByMessageChart data={data} />;
}

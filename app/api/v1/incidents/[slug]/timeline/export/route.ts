import { exportTimelineOperation } from "@/server/api/operations/timeline";
import { operationRoute } from "@/server/api/operation-route";
import { recordAuditEntry } from "@/server/audit/record-audit-entry";
import { streamedDownload } from "@/server/http/streamed-download";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { exportTimelineCsv } from "@/server/timeline/export-timeline-csv";

export const dynamic = "force-dynamic";

// GET /api/v1/incidents/<slug>/timeline/export: the timeline as CSV, streamed.
export const GET = operationRoute(exportTimelineOperation, async ({ db, user, params, query }) => {
  const { category } = query;
  const incident = await getIncidentBySlugOrThrow(db, params.slug);
  // Exports leave the building: who took one is worth knowing.
  await recordAuditEntry(db, {
    actor: user,
    action: "timeline.exported",
    incidentId: incident.id,
    targetType: "incident",
    targetId: incident.id,
    detail: { format: "csv", categories: category },
  });
  const rows = exportTimelineCsv(db, incident.id, category);
  return streamedDownload(rows, { contentType: "text/csv; charset=utf-8", fileName: `${incident.slug}-timeline.csv` });
});

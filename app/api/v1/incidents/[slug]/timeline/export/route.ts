import { z } from "zod";
import { TIMELINE_CATEGORIES } from "@/lib/timeline/categories";
import { apiHandler } from "@/server/api-handler";
import { recordAudit } from "@/server/audit/record-audit";
import { getDb } from "@/server/db";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { exportTimelineCsv } from "@/server/timeline/export-timeline-csv";

type Context = { params: Promise<{ slug: string }> };

const ExportQuery = z.object({ category: z.array(z.enum(TIMELINE_CATEGORIES)).default([]) });

// GET /api/v1/incidents/<slug>/timeline/export: the timeline as CSV, streamed.
export const GET = apiHandler("timeline.read", async (request: Request, user, { params }: Context) => {
  const { slug } = await params;
  const { category } = ExportQuery.parse({ category: new URL(request.url).searchParams.getAll("category") });
  const db = await getDb();
  const incident = await getIncidentBySlugOrThrow(db, slug);
  // Exports leave the building: who took one is worth knowing.
  await recordAudit(db.prisma, {
    actor: user,
    action: "timeline.exported",
    incidentId: incident.id,
    targetType: "incident",
    targetId: incident.id,
    detail: { format: "csv", categories: category },
  });
  const rows = exportTimelineCsv(db, incident.id, category);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${incident.slug}-timeline.csv"`,
      "Cache-Control": "no-store",
    },
  });
});

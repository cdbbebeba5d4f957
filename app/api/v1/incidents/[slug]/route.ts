import { getIncidentOperation } from "@/server/api/operations/incidents";
import { operationRoute } from "@/server/api/operation-route";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { EMPTY_STATS } from "@/server/timeline/report/article-33-summary";
import { getMilestoneTimes } from "@/server/timeline/get-milestones";

export const dynamic = "force-dynamic";

export const GET = operationRoute(getIncidentOperation, async ({ db, params }) => {
  const incident = await getIncidentBySlugOrThrow(db, params.slug);
  const milestones = await getMilestoneTimes(db, incident);
  const source = incident.stats ?? EMPTY_STATS;
  const stats = Object.fromEntries(
    Object.keys(EMPTY_STATS).map((key) => [key, source[key as keyof typeof EMPTY_STATS]]),
  );
  return {
    status: 200,
    body: {
      incident: {
        id: incident.id,
        slug: incident.slug,
        title: incident.title,
        status: incident.status,
        summary: incident.summary,
        leakStartedAt: incident.leakStartedAt,
        awareAt: incident.awareAt,
        stats,
        milestones,
      },
    },
  };
});

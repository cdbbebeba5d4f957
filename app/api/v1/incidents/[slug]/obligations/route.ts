import { listObligationsOperation } from "@/server/api/operations/timeline";
import { operationRoute } from "@/server/api/operation-route";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { article33Deadline } from "@/lib/timeline/clock";
import { getMilestoneTimes } from "@/server/timeline/get-milestones";
import { listObligations } from "@/server/timeline/obligations/list-obligations";

export const dynamic = "force-dynamic";

/** The regulator clocks the Timeline page shows, with their status now. */
export const GET = operationRoute(listObligationsOperation, async ({ db, params }) => {
  const incident = await getIncidentBySlugOrThrow(db, params.slug);
  const now = new Date();
  const milestones = await getMilestoneTimes(db, incident);
  const obligations = await listObligations(db, incident, milestones, now);
  return {
    status: 200,
    body: { obligations, article33Deadline: article33Deadline(incident.awareAt).toISOString(), now: now.toISOString() },
  };
});

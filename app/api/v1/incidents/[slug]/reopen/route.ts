import { reopenOperation } from "@/server/api/operations/closing";
import { operationRoute } from "@/server/api/operation-route";
import { requestActorOf } from "@/server/auth/request-actor";
import { getCloseState } from "@/server/closing/get-close-state";
import { reopenIncident } from "@/server/closing/reopen-incident";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";

export const dynamic = "force-dynamic";

/** Reopens a closed incident: `{ reason }`; refused once forgetting its personal data has begun. */
export const POST = operationRoute(reopenOperation, async ({ db, user, params, body }) => {
  const incident = await getIncidentBySlugOrThrow(db, params.slug);
  await reopenIncident(db, incident.id, { reason: body.reason }, requestActorOf(user));
  return { status: 200, body: await getCloseState(db, incident.slug) };
});

import { requestCloseOperation } from "@/server/api/operations/closing";
import { operationRoute } from "@/server/api/operation-route";
import { requestActorOf } from "@/server/auth/request-actor";
import { getCloseState } from "@/server/closing/get-close-state";
import { requestIncidentClose } from "@/server/closing/request-close";
import { retentionDefaults } from "@/server/closing/retention-defaults";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";

export const dynamic = "force-dynamic";

/** Requests the close: `{ pseudonymiseDays?, eraseDays?, reason? }`; 201 with the close state. */
export const POST = operationRoute(requestCloseOperation, async ({ db, user, params, body, requestKey }) => {
  const incident = await getIncidentBySlugOrThrow(db, params.slug);
  const defaults = retentionDefaults();
  await requestIncidentClose(
    db,
    incident.id,
    {
      retention: {
        pseudonymiseDays: body.pseudonymiseDays ?? defaults.pseudonymiseDays,
        eraseDays: body.eraseDays ?? defaults.eraseDays,
      },
      reason: body.reason,
    },
    requestActorOf(user),
    { requestKey },
  );
  return { status: 201, body: await getCloseState(db, incident.slug) };
});

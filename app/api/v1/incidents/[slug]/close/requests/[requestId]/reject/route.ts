import { rejectCloseOperation } from "@/server/api/operations/closing";
import { operationRoute } from "@/server/api/operation-route";
import { requestActorOf } from "@/server/auth/request-actor";
import { rejectIncidentClose } from "@/server/closing/decide-close";
import { getCloseState } from "@/server/closing/get-close-state";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";

export const dynamic = "force-dynamic";

/** Rejects a close request: `{ reason }`. The incident stays open. */
export const POST = operationRoute<typeof rejectCloseOperation, string>(
  rejectCloseOperation,
  async ({ db, user, params, body, prepared: incidentId }) => {
    await rejectIncidentClose(db, params.requestId, requestActorOf(user), body.reason, { incidentId });
    return { status: 200, body: await getCloseState(db, params.slug) };
  },
  { prepare: async ({ db, params }) => (await getIncidentBySlugOrThrow(db, params.slug)).id },
);

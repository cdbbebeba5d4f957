import { approveCloseOperation } from "@/server/api/operations/closing";
import { operationRoute } from "@/server/api/operation-route";
import { requestActorOf } from "@/server/auth/request-actor";
import { approveIncidentClose } from "@/server/closing/decide-close";
import { getCloseState } from "@/server/closing/get-close-state";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";

export const dynamic = "force-dynamic";

/** Approves a close request (never the requester's own, a fresh second factor): `{ note? }`. */
export const POST = operationRoute<typeof approveCloseOperation, string>(
  approveCloseOperation,
  async ({ db, user, params, body, prepared: incidentId }) => {
    await approveIncidentClose(db, params.requestId, requestActorOf(user), { note: body.note, incidentId });
    return { status: 200, body: await getCloseState(db, params.slug) };
  },
  // The incident first: a URL naming none is 404 before the key is recorded.
  { prepare: async ({ db, params }) => (await getIncidentBySlugOrThrow(db, params.slug)).id },
);

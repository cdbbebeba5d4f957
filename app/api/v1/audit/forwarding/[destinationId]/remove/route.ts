import { removeAuditForwardingOperation } from "@/server/api/operations/audit-forwarding";
import { operationRoute } from "@/server/api/operation-route";
import { requestActorOf } from "@/server/auth/request-actor";
import { removeForwardDestination } from "@/server/siem/manage-destinations";

export const dynamic = "force-dynamic";

export const POST = operationRoute(removeAuditForwardingOperation, async ({ db, user, params }) => ({
  status: 200,
  body: { destination: await removeForwardDestination(db, params.destinationId, requestActorOf(user)) },
}));

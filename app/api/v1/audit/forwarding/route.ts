import { addAuditForwardingOperation, listAuditForwardingOperation } from "@/server/api/operations/audit-forwarding";
import { operationRoute } from "@/server/api/operation-route";
import { requestActorOf } from "@/server/auth/request-actor";
import { addForwardDestination, listForwardDestinations } from "@/server/siem/manage-destinations";

export const dynamic = "force-dynamic";

export const GET = operationRoute(listAuditForwardingOperation, async ({ db }) => ({
  status: 200,
  body: { destinations: await listForwardDestinations(db) },
}));

export const POST = operationRoute(addAuditForwardingOperation, async ({ db, user, body }) => ({
  status: 201,
  body: { destination: await addForwardDestination(db, body, requestActorOf(user)) },
}));

import { deleteDestinationOperation } from "@/server/api/operations/integrations";
import { operationRoute } from "@/server/api/operation-route";
import { deleteDestination } from "@/server/events/destinations/manage-destination";

export const dynamic = "force-dynamic";

export const POST = operationRoute(deleteDestinationOperation, async ({ db, user, params }) => {
  await deleteDestination(db, params.id, { id: user.id, email: user.email });
  return { status: 200, body: { deleted: true as const } };
});

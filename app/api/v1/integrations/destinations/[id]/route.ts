import { getDestinationOperation, updateDestinationOperation } from "@/server/api/operations/integrations";
import { operationRoute } from "@/server/api/operation-route";
import { getDestinationOrThrow } from "@/server/events/destinations/destination-rows";
import { updateDestination } from "@/server/events/destinations/manage-destination";

export const dynamic = "force-dynamic";

export const GET = operationRoute(getDestinationOperation, async ({ db, params }) => ({
  status: 200,
  body: { destination: await getDestinationOrThrow(db, params.id) },
}));

export const POST = operationRoute(updateDestinationOperation, async ({ db, user, params, body }) => ({
  status: 200,
  body: { destination: await updateDestination(db, params.id, body, { id: user.id, email: user.email }) },
}));

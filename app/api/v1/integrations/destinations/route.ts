import { createDestinationOperation, listDestinationsOperation } from "@/server/api/operations/integrations";
import { operationRoute } from "@/server/api/operation-route";
import { listDestinations } from "@/server/events/destinations/destination-rows";
import { createDestination } from "@/server/events/destinations/manage-destination";

export const dynamic = "force-dynamic";

export const GET = operationRoute(listDestinationsOperation, async ({ db }) => ({
  status: 200,
  body: { destinations: await listDestinations(db) },
}));

export const POST = operationRoute(createDestinationOperation, async ({ db, user, body }) => ({
  status: 201,
  body: await createDestination(db, body, { id: user.id, email: user.email }),
}));

import { testDestinationOperation } from "@/server/api/operations/integrations";
import { operationRoute } from "@/server/api/operation-route";
import { sendTestEvent } from "@/server/events/destinations/manage-destination";

export const dynamic = "force-dynamic";

export const POST = operationRoute(testDestinationOperation, async ({ db, user, params }) => ({
  status: 202,
  body: await sendTestEvent(db, params.id, { id: user.id, email: user.email }),
}));

import { rotateDestinationSecretOperation } from "@/server/api/operations/integrations";
import { operationRoute } from "@/server/api/operation-route";
import { rotateDestinationSecret } from "@/server/events/destinations/manage-destination";

export const dynamic = "force-dynamic";

export const POST = operationRoute(rotateDestinationSecretOperation, async ({ db, user, params }) => ({
  status: 200,
  body: await rotateDestinationSecret(db, params.id, { id: user.id, email: user.email }),
}));

import { listDeliveriesOperation } from "@/server/api/operations/integrations";
import { operationRoute } from "@/server/api/operation-route";
import { listDeliveries } from "@/server/events/destinations/destination-rows";

export const dynamic = "force-dynamic";

export const GET = operationRoute(listDeliveriesOperation, async ({ db, params }) => ({
  status: 200,
  body: { deliveries: await listDeliveries(db, params.id) },
}));

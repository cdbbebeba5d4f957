import { listIncidentsOperation } from "@/server/api/operations/incidents";
import { operationRoute } from "@/server/api/operation-route";
import { listIncidents } from "@/server/incidents/list-incidents";

export const dynamic = "force-dynamic";

export const GET = operationRoute(listIncidentsOperation, async ({ db }) => ({
  status: 200,
  body: { incidents: await listIncidents(db) },
}));

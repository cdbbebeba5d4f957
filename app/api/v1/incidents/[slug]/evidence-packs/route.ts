import { listEvidencePacksOperation } from "@/server/api/operations/evidence";
import { operationRoute } from "@/server/api/operation-route";
import { listEvidencePacks } from "@/server/evidence/list-evidence-packs";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";

export const dynamic = "force-dynamic";

export const GET = operationRoute(listEvidencePacksOperation, async ({ db, params }) => {
  const incident = await getIncidentBySlugOrThrow(db, params.slug);
  return { status: 200, body: { packs: await listEvidencePacks(db, incident.id) } };
});

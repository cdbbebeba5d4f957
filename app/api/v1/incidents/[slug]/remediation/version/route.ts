import { getRemediationVersionOperation } from "@/server/api/operations/remediation-stats";
import { operationRoute } from "@/server/api/operation-route";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { getIncidentRemediationVersion } from "@/server/remediation-stats/get-remediation-version";

export const dynamic = "force-dynamic";

// What the remediation page polls; when the version changes, the page
// re-renders its numbers and charts.
export const GET = operationRoute(getRemediationVersionOperation, async ({ db, params }) => {
  const incident = await getIncidentBySlugOrThrow(db, params.slug);
  return { status: 200, body: await getIncidentRemediationVersion(db, incident.id) };
});

import { downloadEvidencePackOperation } from "@/server/api/operations/evidence";
import { operationRoute } from "@/server/api/operation-route";
import { downloadEvidencePack } from "@/server/evidence/download-evidence-pack";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";

export const dynamic = "force-dynamic";

// GET /api/v1/incidents/<slug>/evidence-packs/<id>: the zip (audited in downloadEvidencePack).
export const GET = operationRoute(downloadEvidencePackOperation, async ({ db, user, params }) => {
  const incident = await getIncidentBySlugOrThrow(db, params.slug);
  const pack = await downloadEvidencePack(db, incident, params.packId, user);
  return new Response(new Uint8Array(pack.zip), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="${pack.fileName}"`,
      "X-Content-SHA256": pack.sha256,
      "Cache-Control": "no-store",
    },
  });
});

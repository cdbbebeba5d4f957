import { API_ACTION_KINDS } from "@/lib/remediation/actions";
import { apiHandler } from "@/server/api-handler";
import { getDb } from "@/server/db";
import { apiJson, parseJsonBody } from "@/server/http/idempotency";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { apiActionKind } from "@/server/remediation/get-bulk-action";
import { previewBulkAction } from "@/server/remediation/preview-bulk-action";
import { ApiBulkPreviewBody, selectionOf } from "../api-bulk-action-body";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug: string }> };

/**
 * The dry run of a bulk action: how many accounts it would touch, how many it
 * leaves out and why. Writes nothing (a POST only because the body can hold a
 * million account ids), so it needs no Idempotency-Key.
 */
export const POST = apiHandler("bulk.request", async (request, _user, context: Context) => {
  const { slug } = await context.params;
  const body = await parseJsonBody(request, ApiBulkPreviewBody);
  const db = await getDb();
  const incident = await getIncidentBySlugOrThrow(db, slug);
  const preview = await previewBulkAction(db, incident.id, {
    kind: API_ACTION_KINDS[body.kind],
    selection: selectionOf(body),
  });
  return apiJson({ preview: { ...preview, kind: apiActionKind(preview.kind) } });
});

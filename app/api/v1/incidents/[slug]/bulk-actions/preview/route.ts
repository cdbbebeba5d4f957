import { API_ACTION_KINDS } from "@/lib/remediation/actions";
import { previewBulkActionOperation } from "@/server/api/operations/remediation";
import { operationRoute } from "@/server/api/operation-route";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { selectionOf } from "@/server/remediation/api-bulk-action-body";
import { apiActionKind } from "@/server/remediation/get-bulk-action";
import { previewBulkAction } from "@/server/remediation/preview-bulk-action";
import { requestActorOf } from "@/server/auth/request-actor";

export const dynamic = "force-dynamic";

/**
 * The dry run of a bulk action: how many accounts it would touch, how many it
 * leaves out and why. Writes nothing (a POST only because the body can hold a
 * million account ids), so it needs no Idempotency-Key.
 */
export const POST = operationRoute(previewBulkActionOperation, async ({ db, user, params, body }) => {
  const incident = await getIncidentBySlugOrThrow(db, params.slug);
  const preview = await previewBulkAction(
    db,
    incident.id,
    {
      kind: API_ACTION_KINDS[body.kind],
      selection: selectionOf(body),
      includeVerified: body.includeVerified,
    },
    new Date(),
    requestActorOf(user),
  );
  return { status: 200, body: { preview: { ...preview, kind: apiActionKind(preview.kind) } } };
});

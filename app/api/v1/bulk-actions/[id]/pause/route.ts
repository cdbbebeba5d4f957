import { pauseBulkActionOperation } from "@/server/api/operations/remediation";
import { operationRoute } from "@/server/api/operation-route";
import { pauseBulkAction } from "@/server/remediation/control-bulk-action";
import { bulkActionAnswer } from "../bulk-action-answer";

export const dynamic = "force-dynamic";

/** Pauses a running bulk action: workers stop claiming its batches; a batch in hand finishes. */
export const POST = operationRoute(pauseBulkActionOperation, async ({ db, user, params }) => {
  const actor = { id: user.id, email: user.email };
  await pauseBulkAction(db, params.id, actor);
  return bulkActionAnswer(db, params.id);
});

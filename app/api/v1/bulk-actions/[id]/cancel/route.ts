import { cancelBulkActionOperation } from "@/server/api/operations/remediation";
import { operationRoute } from "@/server/api/operation-route";
import { cancelBulkAction } from "@/server/remediation/control-bulk-action";
import { bulkActionAnswer } from "../bulk-action-answer";

export const dynamic = "force-dynamic";

/** Cancels the items of a bulk action that have not started (nothing is left half-done). */
export const POST = operationRoute(cancelBulkActionOperation, async ({ db, user, params }) => {
  const actor = { id: user.id, email: user.email };
  const { cancelledItems } = await cancelBulkAction(db, params.id, actor);
  return bulkActionAnswer(db, params.id, { cancelledItems });
});

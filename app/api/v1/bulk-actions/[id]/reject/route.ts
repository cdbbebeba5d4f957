import { rejectBulkActionOperation } from "@/server/api/operations/remediation";
import { operationRoute } from "@/server/api/operation-route";
import { rejectBulkAction } from "@/server/remediation/control-bulk-action";
import { bulkActionAnswer } from "../bulk-action-answer";

export const dynamic = "force-dynamic";

/** Rejects a bulk action awaiting approval: `{ reason }`. */
export const POST = operationRoute(rejectBulkActionOperation, async ({ db, user, params, body }) => {
  await rejectBulkAction(db, params.id, { id: user.id, email: user.email }, body.reason);
  return bulkActionAnswer(db, params.id);
});

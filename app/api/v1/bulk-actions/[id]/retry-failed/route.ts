import { retryFailedOperation } from "@/server/api/operations/remediation";
import { operationRoute } from "@/server/api/operation-route";
import { retryFailedItems } from "@/server/remediation/control-bulk-action";
import { bulkActionAnswer } from "../bulk-action-answer";

export const dynamic = "force-dynamic";

/** Puts the failed items of a bulk action back in the queue. */
export const POST = operationRoute(retryFailedOperation, async ({ db, user, params }) => {
  const actor = { id: user.id, email: user.email };
  const { requeued } = await retryFailedItems(db, params.id, actor);
  return bulkActionAnswer(db, params.id, { requeued });
});

import { resumeBulkActionOperation } from "@/server/api/operations/remediation";
import { operationRoute } from "@/server/api/operation-route";
import { resumeBulkAction } from "@/server/remediation/control-bulk-action";
import { bulkActionAnswer } from "../bulk-action-answer";

export const dynamic = "force-dynamic";

/** Resumes a paused bulk action. */
export const POST = operationRoute(resumeBulkActionOperation, async ({ db, user, params }) => {
  const actor = { id: user.id, email: user.email };
  await resumeBulkAction(db, params.id, actor);
  return bulkActionAnswer(db, params.id);
});

import { cancelBulkAction } from "@/server/remediation/control-bulk-action";
import { bodylessVerbRoute } from "../bulk-action-answer";

export const dynamic = "force-dynamic";

/** Cancels the items of a bulk action that have not started (nothing is left half-done). */
export const POST = bodylessVerbRoute(async (db, id, actor) => {
  const { cancelledItems } = await cancelBulkAction(db, id, actor);
  return { cancelledItems };
});

import { retryFailedItems } from "@/server/remediation/control-bulk-action";
import { bodylessVerbRoute } from "../bulk-action-answer";

export const dynamic = "force-dynamic";

/** Puts the failed items of a bulk action back in the queue. */
export const POST = bodylessVerbRoute(async (db, id, actor) => {
  const { requeued } = await retryFailedItems(db, id, actor);
  return { requeued };
});

import { pauseBulkAction } from "@/server/remediation/control-bulk-action";
import { bodylessVerbRoute } from "../bulk-action-answer";

export const dynamic = "force-dynamic";

/** Pauses a running bulk action: workers stop claiming its batches; a batch in hand finishes. */
export const POST = bodylessVerbRoute(async (db, id, actor) => {
  await pauseBulkAction(db, id, actor);
  return {};
});

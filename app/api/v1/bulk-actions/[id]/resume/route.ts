import { resumeBulkAction } from "@/server/remediation/control-bulk-action";
import { bodylessVerbRoute } from "../bulk-action-answer";

export const dynamic = "force-dynamic";

/** Resumes a paused bulk action. */
export const POST = bodylessVerbRoute(async (db, id, actor) => {
  await resumeBulkAction(db, id, actor);
  return {};
});

import { apiHandler } from "@/server/api-handler";
import { getDb } from "@/server/db";
import { idempotentPost } from "@/server/http/idempotency";
import { cancelBulkAction } from "@/server/remediation/control-bulk-action";
import { bulkActionAnswer, bulkActionIdOrThrow, EmptyBody } from "../bulk-action-answer";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** Cancels the items of a bulk action that have not started (nothing is left half-done). */
export const POST = apiHandler("bulk.request", async (request, user, context: Context) => {
  const id = bulkActionIdOrThrow((await context.params).id);
  const db = await getDb();
  return idempotentPost(db, request, user, EmptyBody, async () => {
    const { cancelledItems } = await cancelBulkAction(db, id, { id: user.id, email: user.email });
    return bulkActionAnswer(db, id, { cancelledItems });
  });
});

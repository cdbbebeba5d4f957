import { z } from "zod";
import { apiHandler } from "@/server/api-handler";
import { getDb } from "@/server/db";
import { idempotentPost } from "@/server/http/idempotency";
import { rejectBulkAction, RejectionReasonInput } from "@/server/remediation/control-bulk-action";
import { bulkActionAnswer, bulkActionIdOrThrow } from "../bulk-action-answer";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

const RejectBody = z.object({ reason: RejectionReasonInput });

/** Rejects a bulk action awaiting approval: `{ reason }`. */
export const POST = apiHandler("bulk.approve", async (request, user, context: Context) => {
  const id = bulkActionIdOrThrow((await context.params).id);
  const db = await getDb();
  return idempotentPost(db, request, user, RejectBody, async (body) => {
    await rejectBulkAction(db, id, { id: user.id, email: user.email }, body.reason);
    return bulkActionAnswer(db, id);
  });
});

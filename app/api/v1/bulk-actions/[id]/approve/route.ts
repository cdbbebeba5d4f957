import { z } from "zod";
import { apiHandler } from "@/server/api-handler";
import { getDb } from "@/server/db";
import { idempotentPost } from "@/server/http/idempotency";
import { approveBulkAction } from "@/server/remediation/control-bulk-action";
import { bulkActionAnswer, bulkActionIdOrThrow } from "../bulk-action-answer";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

const ApproveBody = z.object({ note: z.string().trim().max(1000).optional() });

/** Approves a bulk action awaiting approval (four eyes: never the requester's own): `{ note? }`. */
export const POST = apiHandler("bulk.approve", async (request, user, context: Context) => {
  const id = bulkActionIdOrThrow((await context.params).id);
  const db = await getDb();
  return idempotentPost(db, request, user, ApproveBody, async (body) => {
    await approveBulkAction(db, id, { id: user.id, email: user.email }, { note: body.note });
    return bulkActionAnswer(db, id);
  });
});

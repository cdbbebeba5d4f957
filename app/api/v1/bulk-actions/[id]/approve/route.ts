import { z } from "zod";
import { apiHandler } from "@/server/api-handler";
import { requireRecentSecondFactor } from "@/server/auth/require-recent-second-factor";
import { getDb } from "@/server/db";
import { idempotentPost, parseJsonBody } from "@/server/http/idempotency";
import { approveBulkAction } from "@/server/remediation/control-bulk-action";
import { bulkActionAnswer, bulkActionIdOrThrow } from "../bulk-action-answer";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

const ApproveBody = z.object({ note: z.string().trim().max(1000).optional() });

/** Approves a bulk action awaiting approval (four eyes: never the requester's own): `{ note? }`. */
export const POST = apiHandler("bulk.approve", async (request, user, context: Context) => {
  const id = bulkActionIdOrThrow((await context.params).id);
  // The body is checked first (a bad one is 422 whatever the session), then
  // step-up as in the app: the session's second factor must be recent (403
  // STEP_UP_REQUIRED otherwise: confirm in the app, then call again). Before
  // the idempotency record, so that the refusal is not replayed to the retry.
  await parseJsonBody(request.clone(), ApproveBody);
  await requireRecentSecondFactor();
  const db = await getDb();
  return idempotentPost(db, request, user, ApproveBody, async (body) => {
    await approveBulkAction(db, id, { id: user.id, email: user.email }, { note: body.note });
    return bulkActionAnswer(db, id);
  });
});

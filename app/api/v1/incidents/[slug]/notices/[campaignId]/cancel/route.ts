import { z } from "zod";
import { apiHandler } from "@/server/api-handler";
import { getDb } from "@/server/db";
import { idempotentPost } from "@/server/http/idempotency";
import { cancelNoticeCampaign } from "@/server/notify/control-notice-campaign";
import { noticeAnswer, noticeScope, type NoticeContext } from "../../notice-answer";

export const dynamic = "force-dynamic";

/** Stops a campaign (or withdraws its request): messages not yet handed to the relay are cancelled. */
export const POST = apiHandler("notices.compose", async (request, user, context: NoticeContext) => {
  const db = await getDb();
  const { incidentId, campaignId } = await noticeScope(db, context);
  return idempotentPost(db, request, user, z.object({}).strict(), async () => {
    await cancelNoticeCampaign(db, campaignId, { id: user.id, email: user.email }, { incidentId });
    return noticeAnswer(db, incidentId, campaignId);
  });
});

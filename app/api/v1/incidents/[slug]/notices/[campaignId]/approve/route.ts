import { z } from "zod";
import { apiHandler } from "@/server/api-handler";
import { getDb } from "@/server/db";
import { idempotentPost } from "@/server/http/idempotency";
import { approveNoticeCampaign } from "@/server/notify/control-notice-campaign";
import { noticeAnswer, noticeScope, type NoticeContext } from "../../notice-answer";

export const dynamic = "force-dynamic";

const ApproveBody = z.object({ note: z.string().trim().max(1000).optional() });

/** Approves a campaign awaiting approval (four eyes: never the requester's own): `{ note? }`. */
export const POST = apiHandler("notices.approve", async (request, user, context: NoticeContext) => {
  const db = await getDb();
  const { incidentId, campaignId } = await noticeScope(db, context);
  return idempotentPost(db, request, user, ApproveBody, async (body) => {
    await approveNoticeCampaign(db, campaignId, { id: user.id, email: user.email }, { note: body.note, incidentId });
    return noticeAnswer(db, incidentId, campaignId);
  });
});

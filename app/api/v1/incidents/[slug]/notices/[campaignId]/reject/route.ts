import { z } from "zod";
import { apiHandler } from "@/server/api-handler";
import { getDb } from "@/server/db";
import { idempotentPost } from "@/server/http/idempotency";
import { rejectNoticeCampaign } from "@/server/notify/control-notice-campaign";
import { RejectionReasonInput } from "@/server/remediation/control-bulk-action";
import { noticeAnswer, noticeScope, type NoticeContext } from "../../notice-answer";

export const dynamic = "force-dynamic";

const RejectBody = z.object({ reason: RejectionReasonInput });

/** Rejects a campaign awaiting approval: `{ reason }`. Nothing is sent. */
export const POST = apiHandler("notices.approve", async (request, user, context: NoticeContext) => {
  const db = await getDb();
  const { incidentId, campaignId } = await noticeScope(db, context);
  return idempotentPost(db, request, user, RejectBody, async (body) => {
    await rejectNoticeCampaign(db, campaignId, { id: user.id, email: user.email }, body.reason, { incidentId });
    return noticeAnswer(db, incidentId, campaignId);
  });
});

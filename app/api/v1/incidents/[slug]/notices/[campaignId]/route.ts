import { apiHandler } from "@/server/api-handler";
import { getDb } from "@/server/db";
import { apiJson } from "@/server/http/idempotency";
import { noticeAnswer, noticeScope, type NoticeContext } from "../notice-answer";

export const dynamic = "force-dynamic";

/** A campaign's status and counts (sent, deferred, bounced, failed, in doubt, remaining), for polling. */
export const GET = apiHandler("incidents.read", async (_request, _user, context: NoticeContext) => {
  const db = await getDb();
  const { incidentId, campaignId } = await noticeScope(db, context);
  const answer = await noticeAnswer(db, incidentId, campaignId);
  return apiJson(answer.body);
});

import { getNoticeOperation } from "@/server/api/operations/notices";
import { operationRoute } from "@/server/api/operation-route";
import { noticeAnswer, noticeIncidentId } from "../notice-answer";

export const dynamic = "force-dynamic";

/** A campaign's status and counts (sent, deferred, bounced, failed, in doubt, remaining), for polling. */
export const GET = operationRoute(getNoticeOperation, async ({ db, params }) =>
  noticeAnswer(db, await noticeIncidentId(db, params), params.campaignId),
);

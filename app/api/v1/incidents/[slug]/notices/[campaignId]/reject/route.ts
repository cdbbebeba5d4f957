import { rejectNoticeOperation } from "@/server/api/operations/notices";
import { operationRoute } from "@/server/api/operation-route";
import { rejectNoticeCampaign } from "@/server/notify/control-notice-campaign";
import { noticeAnswer, noticeIncidentId } from "../../notice-answer";

export const dynamic = "force-dynamic";

/** Rejects a campaign awaiting approval: `{ reason }`. Nothing is sent. */
export const POST = operationRoute<typeof rejectNoticeOperation, string>(
  rejectNoticeOperation,
  async ({ db, user, params, body, prepared: incidentId }) => {
    const actor = { id: user.id, email: user.email };
    await rejectNoticeCampaign(db, params.campaignId, actor, body.reason, { incidentId });
    return noticeAnswer(db, incidentId, params.campaignId);
  },
  // The incident first: a URL naming none is 404 before the key is recorded.
  { prepare: ({ db, params }) => noticeIncidentId(db, params) },
);

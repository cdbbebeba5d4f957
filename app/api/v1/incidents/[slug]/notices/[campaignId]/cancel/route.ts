import { cancelNoticeOperation } from "@/server/api/operations/notices";
import { operationRoute } from "@/server/api/operation-route";
import { cancelNoticeCampaign } from "@/server/notify/control-notice-campaign";
import { noticeAnswer, noticeIncidentId } from "../../notice-answer";

export const dynamic = "force-dynamic";

/** Stops a campaign (or withdraws its request): messages not yet handed to the relay are cancelled. */
export const POST = operationRoute<typeof cancelNoticeOperation, string>(
  cancelNoticeOperation,
  async ({ db, user, params, prepared: incidentId }) => {
    const actor = { id: user.id, email: user.email };
    await cancelNoticeCampaign(db, params.campaignId, actor, { incidentId });
    return noticeAnswer(db, incidentId, params.campaignId);
  },
  // The incident first: a URL naming none is 404 before the key is recorded.
  { prepare: ({ db, params }) => noticeIncidentId(db, params) },
);

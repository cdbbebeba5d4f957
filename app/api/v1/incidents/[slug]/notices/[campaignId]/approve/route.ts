import { approveNoticeOperation } from "@/server/api/operations/notices";
import { operationRoute } from "@/server/api/operation-route";
import { approveNoticeCampaign } from "@/server/notify/control-notice-campaign";
import { noticeAnswer, noticeIncidentId } from "../../notice-answer";
import { requestActorOf } from "@/server/auth/request-actor";

export const dynamic = "force-dynamic";

/** Approves a campaign awaiting approval (four eyes: never the requester's own): `{ note? }`. */
export const POST = operationRoute<typeof approveNoticeOperation, string>(
  approveNoticeOperation,
  async ({ db, user, params, body, prepared: incidentId }) => {
    const actor = requestActorOf(user);
    await approveNoticeCampaign(db, params.campaignId, actor, { note: body.note, incidentId });
    return noticeAnswer(db, incidentId, params.campaignId);
  },
  // The incident first: a URL naming none is 404 before the key is recorded.
  { prepare: ({ db, params }) => noticeIncidentId(db, params) },
);

import { listNoticesOperation, requestNoticeOperation } from "@/server/api/operations/notices";
import { operationRoute } from "@/server/api/operation-route";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { listNoticeCampaigns } from "@/server/notify/get-notice-campaign";
import { requestNoticeCampaign } from "@/server/notify/request-notice-campaign";
import { noticeAnswer } from "./notice-answer";
import { requestActorOf } from "@/server/auth/request-actor";

export const dynamic = "force-dynamic";

/**
 * Requests a customer notice: `{ templateId, audience (triage query), expectedCount? }`. The
 * audience is frozen now. 201 with `{ campaign }`: "running" at or below the four-eyes
 * threshold, else "pending_approval" until a different person approves it.
 */
export const POST = operationRoute(requestNoticeOperation, async ({ db, user, params, body, requestKey }) => {
  const incident = await getIncidentBySlugOrThrow(db, params.slug);
  const requested = await requestNoticeCampaign(
    db,
    incident,
    { ...body, requestKey: requestKey ?? undefined },
    requestActorOf(user),
  );
  return noticeAnswer(db, incident.id, requested.id, 201);
});

/** The Notices page's list of campaigns, newest first. */
export const GET = operationRoute(listNoticesOperation, async ({ db, params }) => {
  const incident = await getIncidentBySlugOrThrow(db, params.slug);
  return { status: 200, body: { campaigns: await listNoticeCampaigns(db, incident.id) } };
});

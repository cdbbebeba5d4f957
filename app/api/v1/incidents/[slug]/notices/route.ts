import { requestNoticeOperation } from "@/server/api/operations/notices";
import { operationRoute } from "@/server/api/operation-route";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { requestNoticeCampaign } from "@/server/notify/request-notice-campaign";
import { noticeAnswer } from "./notice-answer";

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
    { id: user.id, email: user.email },
  );
  return noticeAnswer(db, incident.id, requested.id, 201);
});

import type { Db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { IdempotentResponse } from "@/server/http/idempotency";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { getNoticeCampaignView } from "@/server/notify/get-notice-campaign";

// Shared by the routes under /api/v1/incidents/{slug}/notices.

/** The incident of the URL (404 before anything else when there is none). */
export async function noticeIncidentId(db: Db, params: { slug: string }): Promise<string> {
  return (await getIncidentBySlugOrThrow(db, params.slug)).id;
}

/** The campaign as the API shows it: status, notice version, counts. */
export async function noticeAnswer(
  db: Db,
  incidentId: string,
  campaignId: string,
  status = 200,
): Promise<IdempotentResponse> {
  const view = await getNoticeCampaignView(db, incidentId, campaignId);
  if (!view) throw new AppError("NOT_FOUND", "No such notice campaign.");
  return {
    status,
    body: {
      campaign: {
        id: view.id,
        status: view.status,
        audience: view.audience,
        templateVersion: view.template.version,
        total: view.total,
        sent: view.sent,
        deferred: view.deferred,
        bounced: view.bounced,
        failed: view.failed,
        inDoubt: view.inDoubt,
        cancelled: view.cancelled,
        remaining: Math.max(0, view.total - view.sent - view.bounced - view.failed - view.inDoubt - view.cancelled),
        needsApproval: view.needsApproval,
        requestedBy: view.requestedBy?.email ?? null,
        decidedBy: view.decidedBy?.email ?? null,
        createdAt: view.createdAt,
        expiresAt: view.expiresAt,
        startedAt: view.startedAt,
        finishedAt: view.finishedAt,
      },
    },
  };
}

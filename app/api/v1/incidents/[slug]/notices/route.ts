import { z } from "zod";
import { apiHandler } from "@/server/api-handler";
import { getDb } from "@/server/db";
import { idempotentPost } from "@/server/http/idempotency";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { requestNoticeCampaign } from "@/server/notify/request-notice-campaign";
import { noticeAnswer } from "./notice-answer";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug: string }> };

const RequestBody = z.object({
  templateId: z.uuid(),
  audience: z.string().max(4000).default(""),
  expectedCount: z.number().int().min(0).optional(),
});

/**
 * Requests a customer notice: `{ templateId, audience (triage query), expectedCount? }`. The
 * audience is frozen now. 201 with `{ campaign }`: "running" at or below the four-eyes
 * threshold, else "pending_approval" until a different person approves it.
 */
export const POST = apiHandler("notices.compose", async (request, user, context: Context) => {
  const { slug } = await context.params;
  const db = await getDb();
  return idempotentPost(db, request, user, RequestBody, async (body, requestKey) => {
    const incident = await getIncidentBySlugOrThrow(db, slug);
    const requested = await requestNoticeCampaign(
      db,
      incident,
      { ...body, requestKey: requestKey ?? undefined },
      { id: user.id, email: user.email },
    );
    return noticeAnswer(db, incident.id, requested.id, 201);
  });
});

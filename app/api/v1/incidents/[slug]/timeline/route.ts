import { NextResponse } from "next/server";
import { decodeCursor } from "@/lib/timeline/cursor";
import { listTimelineOperation } from "@/server/api/operations/timeline";
import { operationRoute } from "@/server/api/operation-route";
import { nextPageUrl } from "@/server/api/schemas/common";
import { getDb } from "@/server/db";
import { AppError } from "@/server/errors";
import { readLimitedText } from "@/server/http/read-limited-body";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { MAX_TIMELINE_BODY_BYTES, postTimelineEventFromApi } from "@/server/timeline/api/post-timeline-event";
import { listTimelineEvents } from "@/server/timeline/list-timeline-events";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug: string }> };

/**
 * postTimelineOperation (server/api/operations/timeline.ts): external systems post events with a timeline token
 * (not a session, not a role token): see postTimelineEventFromApi for the
 * status codes; it parses the body with the operation's documented schema
 * (ApiTimelineEventBody). The body is read only after the token checks out,
 * and never past MAX_TIMELINE_BODY_BYTES.
 */
export async function POST(request: Request, { params }: Context): Promise<Response> {
  const { slug } = await params;
  const result = await postTimelineEventFromApi(await getDb(), {
    slug,
    authorization: request.headers.get("authorization"),
    idempotencyKey: request.headers.get("idempotency-key"),
    rawBody: () => readLimitedText(request, MAX_TIMELINE_BODY_BYTES),
  });
  return NextResponse.json(result.body, {
    status: result.status,
    headers: { "Cache-Control": "no-store", ...result.headers },
  });
}

/** Staff and role tokens read the timeline as JSON, a page at a time. */
export const GET = operationRoute(listTimelineOperation, async ({ db, request, params, query }) => {
  const after = decodeCursor(query.after);
  if (query.after && !after) throw new AppError("VALIDATION", "Invalid cursor.", { after: "not a cursor" });
  const incident = await getIncidentBySlugOrThrow(db, params.slug);
  const page = await listTimelineEvents(db, {
    incidentId: incident.id,
    categories: query.category,
    after,
    limit: query.limit,
  });
  return {
    status: 200,
    body: {
      events: page.events,
      nextCursor: page.nextCursor,
      page: { next: page.nextCursor, nextUrl: nextPageUrl(request, page.nextCursor) },
    },
  };
});

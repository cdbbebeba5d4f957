import { NextResponse } from "next/server";
import { z } from "zod";
import { TIMELINE_CATEGORIES } from "@/lib/timeline/categories";
import { decodeCursor } from "@/lib/timeline/cursor";
import { apiHandler } from "@/server/api-handler";
import { getDb } from "@/server/db";
import { AppError } from "@/server/errors";
import { readLimitedText } from "@/server/http/read-limited-body";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { MAX_TIMELINE_BODY_BYTES, postTimelineEventFromApi } from "@/server/timeline/api/post-timeline-event";
import { listTimelineEvents } from "@/server/timeline/list-timeline-events";

type Context = { params: Promise<{ slug: string }> };

// External systems post events with an API token (not a session): see
// postTimelineEventFromApi for the status codes. The body is read only after
// the token checks out, and never past MAX_TIMELINE_BODY_BYTES.
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

const ListQuery = z.object({
  category: z.array(z.enum(TIMELINE_CATEGORIES)).default([]),
  after: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

// Signed-in staff read the timeline as JSON, a page at a time.
export const GET = apiHandler("timeline.read", async (request: Request, _user, { params }: Context) => {
  const { slug } = await params;
  const url = new URL(request.url);
  const query = ListQuery.parse({
    category: url.searchParams.getAll("category"),
    after: url.searchParams.get("after") ?? undefined,
    limit: url.searchParams.get("limit") ?? undefined,
  });
  const after = decodeCursor(query.after);
  if (query.after && !after) throw new AppError("VALIDATION", "Invalid cursor.", { after: "not a cursor" });
  const db = await getDb();
  const incident = await getIncidentBySlugOrThrow(db, slug);
  const page = await listTimelineEvents(db, {
    incidentId: incident.id,
    categories: query.category,
    after,
    limit: query.limit,
  });
  return NextResponse.json({ events: page.events, nextCursor: page.nextCursor });
});

import type { ZodError } from "zod";
import { assertIncidentOpen } from "../../closing/assert-incident-open";
import type { Db } from "../../db";
import { AppError, isAppError, prismaErrorCode } from "../../errors";
import {
  assertTokenMayWrite,
  authenticateApiToken,
  type AuthenticatedToken,
} from "../api-tokens/authenticate-api-token";
import { recordTimelineEvent } from "../record-timeline-event";
import { TIMELINE_EVENT_INCLUDE, toTimelineEventView, type TimelineEventView } from "../timeline-event-view";
import { canonicalJson } from "../../http/idempotency";
import { ApiTimelineEventBody } from "./api-timeline-event-body";

export const MAX_TIMELINE_BODY_BYTES = 64 * 1024;

export type TimelinePostRequest = {
  slug: string;
  authorization: string | null;
  idempotencyKey: string | null;
  /** The body, or a reader called only once the token has been accepted. */
  rawBody: string | (() => Promise<string>);
};

export type ApiResult = { status: number; body: unknown; headers?: Record<string, string> };

function apiEvent(view: TimelineEventView, slug: string) {
  const { versions, ...event } = view;
  return { ...event, incident: slug, versionCount: versions.length };
}

function validationError(error: ZodError): AppError {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) fields[issue.path.join(".") || "body"] ??= issue.message;
  return new AppError("VALIDATION", "The event is not valid.", fields);
}

async function findByExternalId(db: Db, incidentId: string, externalId: string) {
  return db.prisma.timelineEvent.findUnique({
    where: { incidentId_externalId: { incidentId, externalId } },
    include: TIMELINE_EVENT_INCLUDE,
  });
}

// A retry with the same key must be the same request: any difference (time,
// zone, category, milestone, title, text, links) means the key was reused,
// which the IETF Idempotency-Key draft answers with 422. (A retry while the
// first request is still running waits for it on the unique key, then
// replays; it never creates a second event.)
function replay(view: TimelineEventView, body: ApiTimelineEventBody, slug: string): ApiResult {
  const original = view.versions.at(-1);
  const asRequested = canonicalJson({
    occurredAt: new Date(body.occurredAt).getTime(),
    timeZone: body.timeZone ?? "UTC",
    category: body.category,
    milestone: body.milestone ?? null,
    title: body.title.trim(),
    body: (body.body ?? "").trim().replace(/\r\n?/g, "\n"),
    evidenceLinks: body.evidenceLinks ?? [],
  });
  const asRecorded = canonicalJson({
    occurredAt: new Date(original?.occurredAt ?? view.occurredAt).getTime(),
    timeZone: original?.timeZone ?? view.timeZone,
    category: original?.category ?? view.category,
    milestone: original ? original.milestone : view.milestone,
    title: original?.title ?? view.title,
    body: original?.body ?? "",
    evidenceLinks: original?.evidenceLinks ?? [],
  });
  if (asRequested !== asRecorded) {
    throw new AppError(
      "IDEMPOTENCY_KEY_REUSED",
      "This idempotency key was already used for a different request. Use a new key for a new event.",
    );
  }
  return { status: 200, body: { event: apiEvent(view, slug) }, headers: { "Idempotent-Replayed": "true" } };
}

async function post(db: Db, request: TimelinePostRequest): Promise<ApiResult> {
  const token: AuthenticatedToken = await authenticateApiToken(db, request.authorization);
  const incident = await db.prisma.incident.findUnique({ where: { slug: request.slug }, select: { id: true, status: true, closedAt: true } });
  // Scope first, so that a token limited to one incident learns nothing about others.
  assertTokenMayWrite(token, "timeline.write", incident?.id ?? null);
  if (!incident) throw new AppError("NOT_FOUND", `No incident with the id "${request.slug}".`);
  assertIncidentOpen(incident);

  // Only now, with the token and its scope checked, is the body read.
  const rawBody = typeof request.rawBody === "string" ? request.rawBody : await request.rawBody();
  if (Buffer.byteLength(rawBody) > MAX_TIMELINE_BODY_BYTES) {
    throw new AppError("PAYLOAD_TOO_LARGE", "The request body is too large.", { body: "at most 64 KiB" });
  }
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    throw new AppError("VALIDATION", "The request body must be a JSON object.", { body: "not valid JSON" });
  }
  const parsed = ApiTimelineEventBody.safeParse(json);
  if (!parsed.success) throw validationError(parsed.error);
  const body = parsed.data;
  // A milestone can meet an obligation and stop its clock (regulator notified
  // stops the GDPR one): a token sets one only with a scope of its own.
  if (body.milestone) assertTokenMayWrite(token, "timeline.milestones", incident.id);

  const headerKey = request.idempotencyKey?.trim() || null;
  if (headerKey && headerKey.length > 200) {
    throw new AppError("VALIDATION", "The Idempotency-Key header is too long.", { "Idempotency-Key": "max 200" });
  }
  if (headerKey && body.externalId && headerKey !== body.externalId) {
    throw new AppError("VALIDATION", "Idempotency-Key and externalId differ.", {
      externalId: "must equal the Idempotency-Key header when both are given",
    });
  }
  const key = headerKey ?? body.externalId ?? null;

  if (key) {
    const existing = await findByExternalId(db, incident.id, key);
    if (existing) return replay(toTimelineEventView(existing), body, request.slug);
  }
  try {
    const created = await db.prisma.$transaction((tx) =>
      recordTimelineEvent(
        tx,
        {
          incidentId: incident.id,
          occurredAt: body.occurredAt,
          timeZone: body.timeZone ?? "UTC",
          category: body.category,
          milestone: body.milestone ?? null,
          source: "api",
          title: body.title,
          body: body.body ?? "",
          evidenceLinks: body.evidenceLinks ?? [],
          externalId: key,
          apiTokenId: token.id,
        },
        null,
      ),
    );
    const row = await db.prisma.timelineEvent.findUniqueOrThrow({
      where: { id: created.id },
      include: TIMELINE_EVENT_INCLUDE,
    });
    return {
      status: 201,
      body: { event: apiEvent(toTimelineEventView(row), request.slug) },
    };
  } catch (error) {
    // A concurrent retry with the same key got there first.
    if (key && prismaErrorCode(error) === "P2002") {
      const existing = await findByExternalId(db, incident.id, key);
      if (existing) return replay(toTimelineEventView(existing), body, request.slug);
    }
    throw error;
  }
}

/**
 * POST /api/v1/incidents/<slug>/timeline for external systems, authenticated
 * by API token rather than a session. Returns the status and JSON body.
 */
export async function postTimelineEventFromApi(db: Db, request: TimelinePostRequest): Promise<ApiResult> {
  try {
    return await post(db, request);
  } catch (error) {
    if (isAppError(error)) {
      return {
        status: error.status,
        body: { error: { code: error.code, message: error.message, fields: error.fields } },
        headers:
          error.code === "UNAUTHENTICATED"
            ? { "WWW-Authenticate": 'Bearer realm="breachdesk"' }
            : error.retryAfterSeconds
              ? { "Retry-After": String(error.retryAfterSeconds) }
              : undefined,
      };
    }
    throw error;
  }
}

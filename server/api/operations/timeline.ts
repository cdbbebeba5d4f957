import { z } from "zod";
import { TIMELINE_CATEGORIES, TIMELINE_MILESTONES, TIMELINE_SOURCES } from "../../../lib/timeline/categories";
import { ApiTimelineEventBody } from "../../timeline/api/api-timeline-event-body";
import { defineOperation } from "../operation";
import { named } from "../schemas/named";
import { NullableTime, PageInfo, SlugParams, Time } from "../schemas/common";

const Category = z.enum(TIMELINE_CATEGORIES);
const Milestone = z.enum(TIMELINE_MILESTONES);

const EventFields = {
  id: z.string(),
  occurredAt: Time,
  timeZone: z.string(),
  category: Category,
  milestone: Milestone.nullable(),
  source: z.enum(TIMELINE_SOURCES),
  externalId: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  evidenceLinks: z.array(z.string()),
  version: z.number().int(),
  recordedAt: Time,
  recordedBy: z.string().nullable(),
  retracted: z.object({ at: Time, by: z.string().nullable(), reason: z.string() }).nullable(),
};

const TimelineVersion = named(
  "TimelineVersion",
  z.object({
    version: z.number().int(),
    title: z.string(),
    body: z.string(),
    evidenceLinks: z.array(z.string()),
    occurredAt: NullableTime,
    timeZone: z.string().nullable(),
    category: Category.nullable(),
    milestone: Milestone.nullable(),
    changeNote: z.string().nullable(),
    recordedAt: Time,
    recordedBy: z.string().nullable(),
  }),
);

export const TimelineEvent = named(
  "TimelineEvent",
  z.object({
    ...EventFields,
    versions: z.array(TimelineVersion).meta({ description: "Newest first; the first is the current version." }),
  }),
);

export const listTimelineOperation = defineOperation({
  method: "GET",
  path: "/incidents/{slug}/timeline",
  operationId: "listTimelineEvents",
  tag: "Timeline",
  summary: "The incident's timeline, oldest first, a page at a time.",
  description: "Pass `page.next` (or the older `nextCursor`, the same value) back as `after` until it is null.",
  auth: { kind: "staff", permission: "timeline.read" },
  params: SlugParams,
  query: z.object({
    category: z
      .array(Category)
      .default([])
      .meta({ description: "Repeat for several: ?category=containment&category=notification." }),
    after: z.string().max(100).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  }),
  responses: {
    200: {
      description: "One page of events.",
      schema: z.object({ events: z.array(TimelineEvent), nextCursor: z.string().nullable(), page: PageInfo }),
    },
  },
});

export const postTimelineOperation = defineOperation({
  method: "POST",
  path: "/incidents/{slug}/timeline",
  operationId: "postTimelineEvent",
  tag: "Timeline",
  summary: "Records an event from an external system (SIEM, ticketing, chat-ops).",
  description:
    "Authenticated by a timeline API token (created on the incident's Timeline page, scope timeline.write), not a role token: " +
    "a role token is refused (403: it holds no timeline scope), a session or no token too (401). A milestone needs the token's timeline.milestones scope. " +
    "Idempotency-Key (or the body's externalId, which must then equal it) makes a retry " +
    "return the first event (200, Idempotent-Replayed: true); the same key with a different event is 422.",
  auth: { kind: "timelineToken" },
  params: SlugParams,
  body: ApiTimelineEventBody,
  retry: "idempotency-key",
  responses: {
    201: {
      description: "Recorded.",
      schema: z.object({ event: z.object({ ...EventFields, incident: z.string(), versionCount: z.number().int() }) }),
    },
    200: {
      description: "A retry: the first event, replayed.",
      schema: z.object({ event: z.object({ ...EventFields, incident: z.string(), versionCount: z.number().int() }) }),
      headers: { "Idempotent-Replayed": "true" },
    },
  },
  errors: { 413: "The body is larger than 64 KiB." },
});

export const exportTimelineOperation = defineOperation({
  method: "GET",
  path: "/incidents/{slug}/timeline/export",
  operationId: "exportTimeline",
  tag: "Timeline",
  summary: "The timeline as CSV, streamed (audited).",
  auth: { kind: "staff", permission: "timeline.read" },
  params: SlugParams,
  query: z.object({ category: z.array(Category).default([]) }),
  responses: { 200: { description: "CSV with a header row.", csv: true } },
});

export const Obligation = named(
  "Obligation",
  z.object({
    id: z.string().meta({ description: '"gdpr-art-33" for the built-in one.' }),
    builtIn: z.boolean(),
    title: z.string(),
    authority: z.string(),
    dueAt: Time,
    metByMilestone: Milestone.nullable(),
    status: z.enum(["pending", "due_soon", "overdue", "met", "met_late", "waived"]),
    metAt: NullableTime,
    metVia: z.enum(["milestone", "marked"]).nullable(),
    metNote: z.string().nullable(),
    waivedAt: NullableTime,
    waivedReason: z.string().nullable().meta({ description: "Why it was waived (judged not to apply)." }),
    metBy: z.string().nullable(),
  }),
);

export const listObligationsOperation = defineOperation({
  method: "GET",
  path: "/incidents/{slug}/obligations",
  operationId: "listObligations",
  tag: "Timeline",
  summary:
    "The regulator clocks: notification obligations (GDPR Art. 33 and those staff added), soonest due first, with their status now.",
  auth: { kind: "staff", permission: "timeline.read" },
  params: SlugParams,
  responses: {
    200: {
      description: "The obligations.",
      schema: z.object({ obligations: z.array(Obligation), article33Deadline: Time, now: Time }),
    },
  },
});

import { redactAddresses } from "../../lib/email/redact-addresses";
import { z } from "zod";
import { hasNoNul, NUL_MESSAGE, storableDate, storableText } from "../../lib/validation/storable";
import { TIMELINE_CATEGORIES, TIMELINE_MILESTONES, TIMELINE_SOURCES } from "../../lib/timeline/categories";
import { isValidTimeZone } from "../../lib/timeline/zoned-time";
import { appendAuditEntries, recordAudit, type AuditActor, type AuditEntry } from "../audit/record-audit";
import type { Prisma } from "../db/create-prisma";
import type { SqlQueryable } from "../db/driver";
import { announceMilestone, prismaEventWriter } from "../events/milestone-event";

export const TimeZoneInput = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .refine(isValidTimeZone, "Use an IANA time zone such as Europe/London or UTC.");

// Links end up as <a href> in the browser: only web URLs, never javascript:.
export const EvidenceLinksInput = z
  .array(
    z
      .url({ protocol: /^https?$/, error: "Evidence links must be http(s) URLs." })
      .max(2000, "That link is too long.")
      .refine(hasNoNul, NUL_MESSAGE),
  )
  .max(20, "At most 20 evidence links.");

export const TimelineEventTextInput = z.object({
  title: storableText().trim().min(1, "Give the event a title.").max(300, "Keep the title under 300 characters."),
  // Browsers submit textarea line breaks as CRLF; store LF so edits compare equal.
  body: storableText()
    .trim()
    .max(20_000)
    .transform((s) => s.replace(/\r\n?/g, "\n"))
    .default(""),
  evidenceLinks: EvidenceLinksInput.default([]),
});

export const RecordTimelineEventInput = TimelineEventTextInput.extend({
  incidentId: z.uuid(),
  occurredAt: storableDate({ error: "Give the time the event happened." }),
  timeZone: TimeZoneInput.default("UTC"),
  category: z.enum(TIMELINE_CATEGORIES),
  milestone: z.enum(TIMELINE_MILESTONES).nullish(),
  source: z.enum(TIMELINE_SOURCES),
  // An id in the caller's system or an Idempotency-Key: unique per incident.
  externalId: storableText().trim().min(1).max(200).nullish(),
  // The API token the event came through (source "api").
  apiTokenId: z.uuid().nullish(),
});
export type RecordTimelineEventInput = z.input<typeof RecordTimelineEventInput>;

type TimelineWriter = Pick<Prisma, "timelineEvent" | "$queryRawUnsafe">;

/**
 * The one way anything in Breachdesk records a timeline event: staff by hand,
 * the app itself (imports, remediation; source "system"), or an external
 * system through the API. Pass a transaction client to make the event part of
 * the change it describes. Audited. A duplicate `externalId` for the incident
 * fails with Prisma's P2002, which the API turns into an idempotent replay.
 */
export async function recordTimelineEvent(prisma: TimelineWriter, input: RecordTimelineEventInput, actor: AuditActor) {
  const data = RecordTimelineEventInput.parse(input);
  const milestone = data.milestone ?? null;
  const event = await prisma.timelineEvent.create({
    data: {
      incidentId: data.incidentId,
      occurredAt: data.occurredAt,
      timeZone: data.timeZone,
      category: data.category,
      milestone,
      source: data.source,
      externalId: data.externalId ?? null,
      apiTokenId: data.apiTokenId ?? null,
      versions: {
        create: {
          version: 1,
          title: data.title,
          body: data.body,
          evidenceLinks: data.evidenceLinks,
          occurredAt: data.occurredAt,
          timeZone: data.timeZone,
          category: data.category,
          milestone,
          recordedById: actor?.id ?? null,
        },
      },
    },
  });
  await recordAudit(prisma, recordedAudit(data, event.id, actor));
  if (milestone) await announceMilestone(prismaEventWriter(prisma), { ...data, milestone });
  return event;
}

/** The audit entry of a recorded event: the same for staff's events and the app's milestones. */
function recordedAudit(
  data: z.output<typeof RecordTimelineEventInput>,
  eventId: string,
  actor: AuditActor,
): AuditEntry {
  return {
    actor,
    action: "timeline.event_recorded",
    incidentId: data.incidentId,
    targetType: "timeline_event",
    targetId: eventId,
    detail: {
      source: data.source,
      category: data.category,
      milestone: data.milestone ?? null,
      title: data.title,
      ...(data.apiTokenId ? { apiTokenId: data.apiTokenId } : {}),
      ...(data.externalId ? { externalId: data.externalId } : {}),
    },
  };
}

/**
 * The app's own milestone (source "system") in the caller's SQL transaction:
 * the driver's, as a batch of leased work runs in, or a Prisma one through
 * sqlOf. A milestone is recorded once: when the incident already has an
 * event with this `externalId`, nothing is written and null is returned.
 * Audited like recordTimelineEvent, in the same transaction.
 */
export async function recordSystemTimelineEvent(
  tx: SqlQueryable,
  input: RecordTimelineEventInput & { externalId: string },
  actor: AuditActor,
): Promise<string | null> {
  // The app's words may quote what people typed (a bulk action's reason, a
  // decision note): the timeline is kept after the incident's personal data is
  // forgotten, so no address goes into it.
  const parsed = RecordTimelineEventInput.parse(input);
  const data = { ...parsed, title: redactAddresses(parsed.title), body: redactAddresses(parsed.body) };
  const milestone = data.milestone ?? null;
  const [event] = await tx.query<{ id: string }>(
    `INSERT INTO timeline_events (id, incident_id, occurred_at, time_zone, category, milestone, source, external_id, api_token_id)
     VALUES (gen_random_uuid(), $1::uuid, $2::timestamptz, $3, $4::"TimelineCategory", $5::"TimelineMilestone",
             $6::"TimelineSource", $7, $8::uuid)
     ON CONFLICT (incident_id, external_id) DO NOTHING
     RETURNING id::text`,
    [
      data.incidentId,
      data.occurredAt.toISOString(),
      data.timeZone,
      data.category,
      milestone,
      data.source,
      data.externalId,
      data.apiTokenId ?? null,
    ],
  );
  if (!event) return null;
  await tx.run(
    `INSERT INTO timeline_event_versions (event_id, version, title, body, evidence_links, occurred_at, time_zone, category, milestone, recorded_by_id)
     VALUES ($1::uuid, 1, $2, $3, $4::text[], $5::timestamptz, $6, $7::"TimelineCategory", $8::"TimelineMilestone", $9::uuid)`,
    [
      event.id,
      data.title,
      data.body,
      data.evidenceLinks,
      data.occurredAt.toISOString(),
      data.timeZone,
      data.category,
      milestone,
      actor?.id ?? null,
    ],
  );
  await appendAuditEntries(tx, [recordedAudit(data, event.id, actor)]);
  if (milestone) await announceMilestone(tx, { ...data, milestone });
  return event.id;
}

import { z } from "zod";
import { storableDate, storableText } from "../../lib/validation/storable";
import { TIMELINE_CATEGORIES, TIMELINE_MILESTONES } from "../../lib/timeline/categories";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import type { Db } from "../db";
import { AppError } from "../errors";
import { TimeZoneInput, TimelineEventTextInput } from "./record-timeline-event";

export const EditTimelineEventInput = TimelineEventTextInput.extend({
  incidentId: z.uuid(),
  eventId: z.uuid(),
  // The version the editor saw: a stale form must not overwrite a newer edit.
  expectedVersion: z.coerce.number().int().min(1),
  occurredAt: storableDate({ error: "Give the time the event happened." }),
  timeZone: TimeZoneInput,
  category: z.enum(TIMELINE_CATEGORIES),
  milestone: z.enum(TIMELINE_MILESTONES).nullish(),
  changeNote: storableText().trim().min(1, "Say why you are changing the event.").max(2000),
});
export type EditTimelineEventInput = z.input<typeof EditTimelineEventInput>;

/**
 * Corrects an event by adding a version: the earlier versions stay as they
 * were, readable in the event's history. Audited with what changed.
 */
export async function editTimelineEvent(db: Db, input: EditTimelineEventInput, actor: AuditActor) {
  const data = EditTimelineEventInput.parse(input);
  const milestone = data.milestone ?? null;
  return db.prisma.$transaction(async (tx) => {
    const event = await tx.timelineEvent.findFirst({
      where: { id: data.eventId, incidentId: data.incidentId },
      include: { versions: { orderBy: { version: "desc" }, take: 1 } },
    });
    if (!event) throw new AppError("NOT_FOUND", "That timeline event does not exist in this incident.");
    if (event.retractedAt) throw new AppError("CONFLICT", "A retracted event cannot be edited.");
    const current = event.versions[0];
    if (!current || event.currentVersion !== data.expectedVersion) {
      throw new AppError(
        "CONFLICT",
        "Someone changed this event while you were editing it. Reload the page to see their version.",
      );
    }

    const before = {
      title: current.title,
      body: current.body,
      evidenceLinks: current.evidenceLinks,
      occurredAt: event.occurredAt.toISOString(),
      timeZone: event.timeZone,
      category: event.category,
      milestone: event.milestone,
    };
    const after = {
      title: data.title,
      body: data.body,
      evidenceLinks: data.evidenceLinks,
      occurredAt: data.occurredAt.toISOString(),
      timeZone: data.timeZone,
      category: data.category,
      milestone,
    };
    const changed = (Object.keys(after) as (keyof typeof after)[]).filter(
      (key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]),
    );
    if (changed.length === 0) return { changed: false as const, version: event.currentVersion };

    // Versions written before they kept the event's time and category: fill
    // them in now, while the event still holds that version's values.
    if (current.occurredAt === null) {
      await tx.timelineEventVersion.update({
        where: { id: current.id },
        data: {
          occurredAt: event.occurredAt,
          timeZone: event.timeZone,
          category: event.category,
          milestone: event.milestone,
        },
      });
    }

    const version = event.currentVersion + 1;
    await tx.timelineEventVersion.create({
      data: {
        eventId: event.id,
        version,
        title: data.title,
        body: data.body,
        evidenceLinks: data.evidenceLinks,
        occurredAt: data.occurredAt,
        timeZone: data.timeZone,
        category: data.category,
        milestone,
        changeNote: data.changeNote,
        recordedById: actor?.id ?? null,
      },
    });
    // Guarded by the version read above, so two concurrent edits cannot both win.
    const updated = await tx.timelineEvent.updateMany({
      where: { id: event.id, currentVersion: event.currentVersion },
      data: {
        currentVersion: version,
        occurredAt: data.occurredAt,
        timeZone: data.timeZone,
        category: data.category,
        milestone,
      },
    });
    if (updated.count !== 1) {
      throw new AppError("CONFLICT", "Someone changed this event while you were editing it. Reload the page.");
    }
    await recordAudit(tx, {
      actor,
      action: "timeline.event_edited",
      incidentId: data.incidentId,
      targetType: "timeline_event",
      targetId: event.id,
      detail: {
        fromVersion: event.currentVersion,
        toVersion: version,
        changed,
        changeNote: data.changeNote,
        before: Object.fromEntries(changed.map((k) => [k, before[k]])),
      },
    });
    return { changed: true as const, version };
  });
}

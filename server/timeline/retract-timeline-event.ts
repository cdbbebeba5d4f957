import { z } from "zod";
import { storableText } from "../../lib/validation/storable";
import { recordAudit, type AuditActor } from "../audit/record-audit";
import type { Db } from "../db";
import { AppError } from "../errors";

export const RetractTimelineEventInput = z.object({
  incidentId: z.uuid(),
  eventId: z.uuid(),
  reason: storableText().trim().min(1, "Say why the event is being retracted.").max(2000),
});
export type RetractTimelineEventInput = z.input<typeof RetractTimelineEventInput>;

/**
 * Marks an event as retracted: it stays in the timeline, shown as retracted
 * with the reason, who and when. Nothing is deleted. Audited.
 */
export async function retractTimelineEvent(db: Db, input: RetractTimelineEventInput, actor: AuditActor) {
  const data = RetractTimelineEventInput.parse(input);
  return db.prisma.$transaction(async (tx) => {
    const retractedAt = new Date();
    const updated = await tx.timelineEvent.updateMany({
      where: { id: data.eventId, incidentId: data.incidentId, retractedAt: null },
      data: { retractedAt, retractedReason: data.reason, retractedById: actor?.id ?? null },
    });
    if (updated.count === 0) {
      const exists = await tx.timelineEvent.findFirst({
        where: { id: data.eventId, incidentId: data.incidentId },
        select: { id: true },
      });
      if (!exists) throw new AppError("NOT_FOUND", "That timeline event does not exist in this incident.");
      throw new AppError("CONFLICT", "That event has already been retracted.");
    }
    await recordAudit(tx, {
      actor,
      action: "timeline.event_retracted",
      incidentId: data.incidentId,
      targetType: "timeline_event",
      targetId: data.eventId,
      detail: { reason: data.reason },
    });
    return { retractedAt };
  });
}

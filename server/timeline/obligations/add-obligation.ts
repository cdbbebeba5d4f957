import { z } from "zod";
import { storableDate, storableText } from "../../../lib/validation/storable";
import { TIMELINE_MILESTONES } from "../../../lib/timeline/categories";
import { recordAudit, type AuditActor } from "../../audit/record-audit";
import type { Db } from "../../db";
import { AppError } from "../../errors";

const DAY = 86_400_000;

export const AddObligationInput = z
  .object({
    incidentId: z.uuid(),
    title: storableText().trim().min(3, "Name the obligation, e.g. “Notify California residents”.").max(200),
    authority: storableText().trim().max(200).default(""),
    // Either a fixed time, or days after T0 (how most statutes count).
    dueAt: storableDate({ error: "Give the due time." }).nullish(),
    dueInDays: z.coerce
      .number({ error: "Give a number of days." })
      .int("Give a whole number of days.")
      .min(0)
      .max(3650)
      .nullish(),
    metByMilestone: z.enum(TIMELINE_MILESTONES).nullish(),
  })
  .refine((v) => (v.dueAt ? 1 : 0) + (v.dueInDays != null ? 1 : 0) === 1, {
    message: "Give either a due time or a number of days after T0.",
    path: ["dueInDays"],
  });
export type AddObligationInput = z.input<typeof AddObligationInput>;

export async function addObligation(db: Db, input: AddObligationInput, actor: AuditActor) {
  const data = AddObligationInput.parse(input);
  const incident = await db.prisma.incident.findUnique({
    where: { id: data.incidentId },
    select: { id: true, awareAt: true },
  });
  if (!incident) throw new AppError("NOT_FOUND", "No such incident.");
  const dueAt = data.dueAt ?? new Date(incident.awareAt.getTime() + (data.dueInDays ?? 0) * DAY);
  return db.prisma.$transaction(async (tx) => {
    const obligation = await tx.notificationObligation.create({
      data: {
        incidentId: incident.id,
        title: data.title,
        authority: data.authority,
        dueAt,
        metByMilestone: data.metByMilestone ?? null,
        createdById: actor?.id ?? null,
      },
    });
    await recordAudit(tx, {
      actor,
      action: "obligation.created",
      incidentId: incident.id,
      targetType: "notification_obligation",
      targetId: obligation.id,
      detail: { title: data.title, dueAt: dueAt.toISOString(), metByMilestone: data.metByMilestone ?? null },
    });
    return obligation;
  });
}

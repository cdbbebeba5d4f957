import { z } from "zod";
import { storableDate, storableText } from "../../../lib/validation/storable";
import { recordAudit, type AuditActor } from "../../audit/record-audit";
import type { Db } from "../../db";
import { AppError } from "../../errors";

export const MarkObligationMetInput = z.object({
  incidentId: z.uuid(),
  obligationId: z.uuid(),
  metAt: storableDate({ error: "Give the time the notification was made." }),
  note: storableText().trim().max(2000).default(""),
});
export type MarkObligationMetInput = z.input<typeof MarkObligationMetInput>;

/** Records when an obligation was met (e.g. the notice was filed). Once only; audited. */
export async function markObligationMet(db: Db, input: MarkObligationMetInput, actor: AuditActor, now = new Date()) {
  const data = MarkObligationMetInput.parse(input);
  if (data.metAt.getTime() > now.getTime() + 5 * 60_000) {
    throw new AppError("VALIDATION", "An obligation cannot be met in the future.", {
      metAt: "This time is in the future.",
    });
  }
  return db.prisma.$transaction(async (tx) => {
    const updated = await tx.notificationObligation.updateMany({
      where: { id: data.obligationId, incidentId: data.incidentId, metAt: null },
      data: { metAt: data.metAt, metNote: data.note || null, metById: actor?.id ?? null },
    });
    if (updated.count === 0) {
      const exists = await tx.notificationObligation.findFirst({
        where: { id: data.obligationId, incidentId: data.incidentId },
        select: { id: true },
      });
      if (!exists) throw new AppError("NOT_FOUND", "That obligation does not exist in this incident.");
      throw new AppError("CONFLICT", "That obligation is already marked met.");
    }
    await recordAudit(tx, {
      actor,
      action: "obligation.met",
      incidentId: data.incidentId,
      targetType: "notification_obligation",
      targetId: data.obligationId,
      detail: { metAt: data.metAt.toISOString(), note: data.note },
    });
  });
}

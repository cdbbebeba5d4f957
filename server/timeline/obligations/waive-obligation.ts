import { z } from "zod";
import { storableText } from "../../../lib/validation/storable";
import { recordAudit, type AuditActor } from "../../audit/record-audit";
import type { Db } from "../../db";
import { AppError } from "../../errors";

export const WaiveObligationInput = z.object({
  incidentId: z.uuid(),
  obligationId: z.uuid(),
  reason: storableText()
    .trim()
    .min(3, "Say why the obligation does not apply (at least 3 characters).")
    .max(2000),
});
export type WaiveObligationInput = z.input<typeof WaiveObligationInput>;

/**
 * Waives an obligation that was judged not to apply (no risk to the people
 * concerned, say), with the reason: it no longer blocks closing the incident.
 * Only one not yet met or waived; audited. The built-in GDPR Art. 33 notice
 * is not a row and is not waived here: it is met by its milestone.
 */
export async function waiveObligation(db: Db, input: WaiveObligationInput, actor: AuditActor, now = new Date()) {
  const data = WaiveObligationInput.parse(input);
  return db.prisma.$transaction(async (tx) => {
    const updated = await tx.notificationObligation.updateMany({
      where: { id: data.obligationId, incidentId: data.incidentId, metAt: null, waivedAt: null },
      data: { waivedAt: now, waivedReason: data.reason, waivedById: actor?.id ?? null },
    });
    if (updated.count === 0) {
      const exists = await tx.notificationObligation.findFirst({
        where: { id: data.obligationId, incidentId: data.incidentId },
        select: { id: true },
      });
      if (!exists) throw new AppError("NOT_FOUND", "That obligation does not exist in this incident.");
      throw new AppError("CONFLICT", "That obligation is already met or waived.");
    }
    await recordAudit(tx, {
      actor,
      action: "obligation.waived",
      incidentId: data.incidentId,
      targetType: "notification_obligation",
      targetId: data.obligationId,
      detail: { reason: data.reason },
    });
  });
}

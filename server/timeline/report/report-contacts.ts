import { z } from "zod";
import { storableText } from "../../../lib/validation/storable";
import { recordAudit, type AuditActor } from "../../audit/record-audit";
import type { Db } from "../../db";
import { AppError } from "../../errors";

/** GDPR Art. 33(3)(b): the controller, and the DPO or other contact point where more can be learned. */
export type ReportContacts = {
  controllerName: string | null;
  controllerContact: string | null;
  dpoName: string | null;
  dpoContact: string | null;
};

export const REPORT_CONTACT_FIELDS = ["controllerName", "controllerContact", "dpoName", "dpoContact"] as const;

// Empty text clears a field.
const text = storableText()
  .trim()
  .max(500, "Keep it under 500 characters.")
  .transform((v) => v.replace(/\r\n?/g, "\n") || null)
  .nullish();

export const UpdateReportContactsInput = z.object({
  incidentId: z.uuid(),
  controllerName: text,
  controllerContact: text,
  dpoName: text,
  dpoContact: text,
});
export type UpdateReportContactsInput = z.input<typeof UpdateReportContactsInput>;

export async function getReportContacts(db: Db, incidentId: string): Promise<ReportContacts> {
  const row = await db.prisma.incidentReportDetails.findUnique({
    where: { incidentId },
    select: { controllerName: true, controllerContact: true, dpoName: true, dpoContact: true },
  });
  return {
    controllerName: row?.controllerName ?? null,
    controllerContact: row?.controllerContact ?? null,
    dpoName: row?.dpoName ?? null,
    dpoContact: row?.dpoContact ?? null,
  };
}

/**
 * Saves the incident's controller and contact point for the report. Saving
 * the same values again changes nothing and records nothing; a change is
 * audited with the previous values.
 */
export async function updateReportContacts(
  db: Db,
  input: UpdateReportContactsInput,
  actor: AuditActor,
): Promise<{ changed: (keyof ReportContacts)[] }> {
  const { incidentId, ...fields } = UpdateReportContactsInput.parse(input);
  const values: ReportContacts = {
    controllerName: fields.controllerName ?? null,
    controllerContact: fields.controllerContact ?? null,
    dpoName: fields.dpoName ?? null,
    dpoContact: fields.dpoContact ?? null,
  };
  return db.prisma.$transaction(async (tx) => {
    const incident = await tx.incident.findUnique({ where: { id: incidentId }, select: { id: true } });
    if (!incident) throw new AppError("NOT_FOUND", "No such incident.");
    const before = await tx.incidentReportDetails.findUnique({ where: { incidentId } });
    const changed = REPORT_CONTACT_FIELDS.filter((k) => (before?.[k] ?? null) !== values[k]);
    if (changed.length === 0) return { changed };
    await tx.incidentReportDetails.upsert({
      where: { incidentId },
      create: { incidentId, ...values, updatedById: actor?.id ?? null },
      update: { ...values, updatedById: actor?.id ?? null },
    });
    await recordAudit(tx, {
      actor,
      action: "report.contacts_updated",
      incidentId,
      targetType: "incident",
      targetId: incidentId,
      detail: { changed, before: Object.fromEntries(changed.map((k) => [k, before?.[k] ?? null])) },
    });
    return { changed };
  });
}

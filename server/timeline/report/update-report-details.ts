import { z } from "zod";
import { storableText } from "../../../lib/validation/storable";
import { recordAudit, type AuditActor } from "../../audit/record-audit";
import type { Db } from "../../db";
import { AppError } from "../../errors";
import type { Article33Summary } from "../../../lib/timeline/report-defaults";

// Empty text means "use the generated draft": the field goes back to null.
const text = storableText()
  .trim()
  .max(10_000)
  // Browsers submit textarea line breaks as CRLF; the drafts use LF.
  .transform((v) => v.replace(/\r\n?/g, "\n") || null)
  .nullish();
const count = z.preprocess(
  (v) => (v === "" || v === undefined ? null : v),
  z.coerce.number({ error: "Give a number." }).int("Give a whole number.").min(0).max(2_000_000_000).nullable(),
);

export const UpdateReportDetailsInput = z.object({
  incidentId: z.uuid(),
  natureOfBreach: text,
  dataCategories: text,
  approxSubjects: count.optional(),
  approxRecords: count.optional(),
  likelyConsequences: text,
  measuresTaken: text,
});
export type UpdateReportDetailsInput = z.input<typeof UpdateReportDetailsInput>;

/**
 * Saves the analysts' Article 33(3) summary. A field left equal to the
 * generated draft (`defaults`) is stored as null, so it keeps following the
 * data. Audited with the previous text.
 */
export async function updateReportDetails(
  db: Db,
  input: UpdateReportDetailsInput,
  actor: AuditActor,
  defaults?: Article33Summary,
) {
  const { incidentId, ...fields } = UpdateReportDetailsInput.parse(input);
  const own = <K extends keyof Article33Summary>(key: K): Article33Summary[K] | null => {
    const value = (fields[key] ?? null) as Article33Summary[K] | null;
    return defaults && value === defaults[key] ? null : value;
  };
  const values = {
    natureOfBreach: own("natureOfBreach"),
    dataCategories: own("dataCategories"),
    approxSubjects: own("approxSubjects"),
    approxRecords: own("approxRecords"),
    likelyConsequences: own("likelyConsequences"),
    measuresTaken: own("measuresTaken"),
  };
  return db.prisma.$transaction(async (tx) => {
    const incident = await tx.incident.findUnique({ where: { id: incidentId }, select: { id: true } });
    if (!incident) throw new AppError("NOT_FOUND", "No such incident.");
    const before = await tx.incidentReportDetails.findUnique({ where: { incidentId } });
    await tx.incidentReportDetails.upsert({
      where: { incidentId },
      create: { incidentId, ...values, updatedById: actor?.id ?? null },
      update: { ...values, updatedById: actor?.id ?? null },
    });
    const changed = (Object.keys(values) as (keyof typeof values)[]).filter((k) => (before?.[k] ?? null) !== values[k]);
    await recordAudit(tx, {
      actor,
      action: "report.details_updated",
      incidentId,
      targetType: "incident",
      targetId: incidentId,
      detail: { changed, before: Object.fromEntries(changed.map((k) => [k, before?.[k] ?? null])) },
    });
    return { changed };
  });
}

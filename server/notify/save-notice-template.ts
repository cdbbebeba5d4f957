import { z } from "zod";
import { checkNoticeTemplate } from "../../lib/notify/render-notice";
import { storableText } from "../../lib/validation/storable";
import { recordAudit, type StaffActor } from "../audit/record-audit";
import type { Db } from "../db";
import { AppError, prismaErrorCode } from "../errors";

// Browsers submit textarea line breaks as CRLF; store LF.
const body = (max: number) =>
  storableText()
    .max(max)
    .transform((s) => s.replace(/\r\n?/g, "\n"));

export const NoticeTemplateInput = z.object({
  subject: storableText().trim().min(1, "A subject is required.").max(300, "Keep the subject under 300 characters."),
  textBody: body(50_000),
  htmlBody: body(100_000).default(""),
});
export type NoticeTemplateInput = z.input<typeof NoticeTemplateInput>;

/**
 * Saves the incident's notice as a new version (versions are never changed:
 * a campaign names the one it sent). Checked first: placeholders that exist,
 * no unescaped output, a plain-text part. Audited.
 */
export async function saveNoticeTemplate(db: Db, incidentId: string, raw: NoticeTemplateInput, actor: StaffActor) {
  const parsed = NoticeTemplateInput.safeParse(raw);
  if (!parsed.success) {
    const fields = Object.fromEntries(parsed.error.issues.map((i) => [String(i.path[0]), i.message]));
    throw new AppError("VALIDATION", "The notice cannot be saved: see the highlighted fields.", fields);
  }
  const input = parsed.data;
  const errors = checkNoticeTemplate(input);
  if (Object.keys(errors).length > 0) {
    throw new AppError("VALIDATION", "The notice cannot be saved: see the highlighted fields.", errors as Record<string, string>);
  }
  try {
    return await db.prisma.$transaction(async (ptx) => {
      const last = await ptx.noticeTemplate.findFirst({
        where: { incidentId },
        orderBy: { version: "desc" },
        select: { version: true },
      });
      const version = (last?.version ?? 0) + 1;
      const template = await ptx.noticeTemplate.create({
        data: { incidentId, version, ...input, createdById: actor.id },
        select: { id: true, version: true },
      });
      await recordAudit(ptx, {
        actor,
        action: "notice_template.saved",
        incidentId,
        targetType: "notice_template",
        targetId: template.id,
        detail: { version, subject: input.subject },
      });
      return template;
    });
  } catch (error) {
    if (prismaErrorCode(error) === "P2002") throw new AppError("CONFLICT", "Someone saved a new version at the same moment. Reload and try again.");
    throw error;
  }
}

import { randomUUID } from "node:crypto";
import { NoticeMessage } from "../../lib/notify/notice-message";
import { checkNoticeTemplate, renderNotice, type NoticeTemplateText } from "../../lib/notify/render-notice";
import { recordAudit, type StaffActor } from "../audit/record-audit";
import type { Db } from "../db";
import { AppError } from "../errors";
import { createNoticeSender } from "./send-notices";
import { findNoticeAccount } from "./preview-notice";

export type TestSendResult = { to: string; status: "sent" | "deferred" | "bounced"; response: string };

/**
 * Sends the draft, rendered for one exposed account, to staff members only:
 * the recipients are chosen among active staff users by id (no address can be
 * typed in), one message each, subject marked [TEST]. Audited.
 */
export async function sendTestNotice(
  db: Db,
  incident: { id: string; leakStartedAt: Date },
  draft: NoticeTemplateText,
  accountExternalId: string | undefined,
  staffIds: string[],
  actor: StaffActor,
): Promise<TestSendResult[]> {
  const errors = checkNoticeTemplate(draft);
  if (Object.keys(errors).length > 0) throw new AppError("VALIDATION", "Fix the notice first.", errors as Record<string, string>);
  const ids = [...new Set(staffIds)].slice(0, 10);
  if (ids.length === 0) throw new AppError("VALIDATION", "Choose at least one staff member to send the test to.", { staff: "Choose a recipient." });
  const staff = await db.prisma.staffUser.findMany({ where: { id: { in: ids }, active: true }, select: { id: true, email: true } });
  if (staff.length !== ids.length) throw new AppError("VALIDATION", "Test notices go to active staff members only.", { staff: "Choose active staff members." });
  const account = await findNoticeAccount(db, incident, accountExternalId);
  const rendered = renderNotice(draft, account.context);
  const sender = createNoticeSender(db);
  const results: TestSendResult[] = [];
  // The audit entry names the staff members by id: an incident's entries carry no address.
  const staffIdOf = new Map(staff.map((s) => [s.email, s.id]));
  try {
    for (const { email } of staff) {
      const message = NoticeMessage.forCustomer({
        to: email,
        intendedRecipient: email,
        from: sender.config.from,
        replyTo: sender.config.replyTo,
        messageId: `<notice-test.${randomUUID()}@${sender.config.from.slice(sender.config.from.lastIndexOf("@") + 1)}>`,
        subject: `[TEST] ${rendered.subject}`,
        text: rendered.text,
        html: rendered.html,
      });
      const result = await sender.transport.send(message, { incidentId: incident.id, campaignId: null, test: true });
      results.push({ to: email, ...result });
    }
  } finally {
    sender.close();
  }
  await recordAudit(db.prisma, {
    actor,
    action: "notice.test_sent",
    incidentId: incident.id,
    targetType: "customer_account",
    targetId: String(account.accountId),
    detail: {
      recipients: results.map((r) => ({ staffId: staffIdOf.get(r.to) ?? null, status: r.status })),
      transport: sender.transport.name,
    },
  });
  return results;
}

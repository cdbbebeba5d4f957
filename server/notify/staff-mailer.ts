import { randomUUID } from "node:crypto";
import { NoticeMessage } from "../../lib/notify/notice-message";
import type { Db } from "../db";
import type { StaffMailer } from "../events/staff-mailer";
import { createNoticeSender } from "./send-notices";

/**
 * Mail to staff (approvers, admins) through the notices' SMTP path: the same
 * relay, sender address and settings. Without a relay, the local outbox keeps
 * messages that belong to an incident; one that belongs to none has nowhere
 * to go and is refused.
 */
export function noticeStaffMailer(db: Db): StaffMailer {
  const sender = createNoticeSender(db);
  const domain = sender.config.from.slice(sender.config.from.lastIndexOf("@") + 1);
  return {
    async send(mail) {
      if (sender.transport.name === "outbox" && !mail.incidentId) return { ok: false, response: "No relay configured." };
      const message = NoticeMessage.forCustomer({
        to: mail.to,
        intendedRecipient: mail.to,
        from: sender.config.from,
        replyTo: sender.config.replyTo,
        messageId: `<event.${randomUUID()}@${domain}>`,
        subject: mail.subject,
        text: mail.text,
        html: `<pre>${mail.text.replace(/[&<>]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;" })[c]!)}</pre>`,
      });
      const result = await sender.transport.send(message, { incidentId: mail.incidentId ?? "", campaignId: null, test: true });
      return { ok: result.status === "sent", response: result.response };
    },
    close: () => sender.close(),
  };
}

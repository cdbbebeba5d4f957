import { checkAddress } from "../email/normalize";

/*
 * The one way a customer notice comes into existence. The 2019 leak was a
 * bulk mail with 1,000 customers in one To: field; this type cannot hold that
 * mistake: it has exactly one recipient, no Cc and no Bcc, and the recipient
 * is checked to be one plain addr-spec (no list, no group, no display name,
 * no comma or semicolon, no line break) that is the customer's own address.
 * Anything else throws `NoticeMessageError` here, before a transport ever
 * sees it.
 */

export class NoticeMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NoticeMessageError";
  }
}

/** Everything a notice needs; extra properties (cc, bcc, to lists...) are refused. */
export type NoticeMessageInput = {
  /** The customer's address as stored on their account: the one recipient. */
  to: string;
  /** The address the audience was frozen with, to check that `to` is the intended customer. */
  intendedRecipient: string;
  from: string;
  replyTo: string | null;
  /** `<unique@domain>`, stored with the item before the SMTP transaction. */
  messageId: string;
  subject: string;
  text: string;
  html: string;
};

const ALLOWED_KEYS = new Set<string>([
  "to",
  "intendedRecipient",
  "from",
  "replyTo",
  "messageId",
  "subject",
  "text",
  "html",
]);

const MESSAGE_ID = /^<[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,200}@[A-Za-z0-9.-]{1,200}>$/;
const LINE_BREAK = /[\r\n\u0085\u2028\u2029]/;

function singleAddress(value: unknown, what: string): string {
  if (typeof value !== "string") throw new NoticeMessageError(`${what} must be one e-mail address.`);
  // checkAddress accepts only a bare addr-spec: a comma, semicolon, space,
  // angle bracket, quote or a second @ outside the domain makes it fail.
  const checked = checkAddress(value);
  if (!checked.ok) throw new NoticeMessageError(`${what} is not one plain e-mail address (${checked.reason}).`);
  return value;
}

function headerText(value: unknown, what: string, max: number): string {
  if (typeof value !== "string" || value.length === 0) throw new NoticeMessageError(`${what} is empty.`);
  // A line break in a header value could start a new header (Bcc:).
  if (LINE_BREAK.test(value)) throw new NoticeMessageError(`${what} contains a line break.`);
  if (value.length > max) throw new NoticeMessageError(`${what} is longer than ${max} characters.`);
  return value;
}

/**
 * What a transport is given: the headers and the SMTP envelope, both with the
 * one recipient. A fresh object each call (nodemailer may annotate it).
 */
export type NoticeTransportMessage = {
  from: string;
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  html?: string;
  messageId: string;
  envelope: { from: string; to: [string] };
  headers: Record<string, string>;
  disableFileAccess: true;
  disableUrlAccess: true;
};

export class NoticeMessage {
  readonly to: string;
  readonly from: string;
  readonly replyTo: string | null;
  readonly messageId: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;

  private constructor(input: NoticeMessageInput) {
    this.to = input.to;
    this.from = input.from;
    this.replyTo = input.replyTo;
    this.messageId = input.messageId;
    this.subject = input.subject;
    this.text = input.text;
    this.html = input.html;
    Object.freeze(this);
  }

  /** Builds the notice for one customer, or throws NoticeMessageError. */
  static forCustomer(input: NoticeMessageInput): NoticeMessage {
    if (input === null || typeof input !== "object" || Array.isArray(input)) {
      throw new NoticeMessageError("A notice is built from one customer's details.");
    }
    for (const key of Object.keys(input)) {
      if (!ALLOWED_KEYS.has(key)) throw new NoticeMessageError(`A notice has no "${key}": one recipient, in To:, only.`);
    }
    if (Array.isArray(input.to)) throw new NoticeMessageError("A notice goes to one customer, never a list.");
    const to = singleAddress(input.to, "The recipient");
    const intended = singleAddress(input.intendedRecipient, "The intended recipient");
    if (to !== intended) throw new NoticeMessageError("The recipient is not the customer this notice was frozen for.");
    const from = singleAddress(input.from, "The sender");
    const replyTo = input.replyTo === null ? null : singleAddress(input.replyTo, "The reply-to address");
    if (typeof input.messageId !== "string" || !MESSAGE_ID.test(input.messageId)) {
      throw new NoticeMessageError("The Message-ID must look like <unique@domain>.");
    }
    const subject = headerText(input.subject, "The subject", 998);
    if (typeof input.text !== "string" || input.text.trim().length === 0) {
      throw new NoticeMessageError("The plain-text part is always present and never empty.");
    }
    if (typeof input.html !== "string") throw new NoticeMessageError("The HTML part must be text.");
    return new NoticeMessage({ to, intendedRecipient: intended, from, replyTo, messageId: input.messageId, subject, text: input.text, html: input.html });
  }

  /** Nodemailer's options: the header To: and the envelope's RCPT TO both name the one customer. */
  toTransport(): NoticeTransportMessage {
    return {
      from: this.from,
      to: this.to,
      ...(this.replyTo ? { replyTo: this.replyTo } : {}),
      subject: this.subject,
      text: this.text,
      // The plain-text part is always there; the HTML one when the template has it.
      ...(this.html ? { html: this.html } : {}),
      messageId: this.messageId,
      envelope: { from: this.from, to: [this.to] },
      // A mandatory notice: marked automatic, and deliberately no List-Unsubscribe.
      headers: { "Auto-Submitted": "auto-generated" },
      disableFileAccess: true,
      disableUrlAccess: true,
    };
  }
}

/** The Message-ID of a campaign's item: stable, so a retry or a takeover names the same message. */
export function noticeMessageId(campaignId: string, seq: number, fromAddress: string): string {
  const domain = fromAddress.slice(fromAddress.lastIndexOf("@") + 1);
  return `<notice.${campaignId}.${seq}@${domain}>`;
}

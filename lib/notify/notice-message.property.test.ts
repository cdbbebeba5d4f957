import fc from "fast-check";
import MailComposer from "nodemailer/lib/mail-composer";
import { describe, expect, it } from "vitest";
import { parseAddressList } from "../email/address-list";
import { NoticeMessage, NoticeMessageError, noticeMessageId } from "./notice-message";

// The rule the 2019 leak broke: one message per customer, the customer alone
// in To:, no Cc, no Bcc, never a list. Thousands of generated audiences, with
// hostile addresses among them (lists, groups, display names, header
// injection); every message that can be built is compiled to MIME by
// nodemailer and its headers read back by our strict RFC 5322 reader.

const FROM = "security@exchange.example";

const hostile = fc.oneof(
  fc.tuple(fc.emailAddress(), fc.emailAddress()).map(([a, b]) => `${a}, ${b}`),
  fc.tuple(fc.emailAddress(), fc.emailAddress()).map(([a, b]) => `${a};${b}`),
  fc.tuple(fc.emailAddress(), fc.emailAddress()).map(([a, b]) => `${a}\r\nBcc: ${b}`),
  fc.tuple(fc.emailAddress(), fc.emailAddress()).map(([a, b]) => `${a}\nCc: ${b}`),
  fc.emailAddress().map((a) => `"Customer" <${a}>`),
  fc.array(fc.emailAddress(), { minLength: 1, maxLength: 4 }).map((list) => `leak: ${list.join(", ")};`),
  fc.emailAddress().map((a) => ` ${a}`),
  fc.emailAddress().map((a) => `${a} `),
  fc.string({ maxLength: 30 }),
);

type Customer = { address: string };
const audience = fc.array(
  fc.oneof({ arbitrary: fc.emailAddress(), weight: 4 }, { arbitrary: hostile, weight: 1 }).map((address): Customer => ({ address })),
  { minLength: 1, maxLength: 40 },
);

function tryBuild(customer: Customer, seq: number): NoticeMessage | NoticeMessageError {
  try {
    return NoticeMessage.forCustomer({
      to: customer.address,
      intendedRecipient: customer.address,
      from: FROM,
      replyTo: "support@exchange.example",
      messageId: noticeMessageId("00000000-0000-4000-8000-000000000001", seq, FROM),
      subject: "About your account",
      text: "Hello",
      html: "<p>Hello</p>",
    });
  } catch (error) {
    if (error instanceof NoticeMessageError) return error;
    throw error;
  }
}

function headerLines(raw: string, name: string): string[] {
  const head = raw.slice(0, raw.indexOf("\r\n\r\n"));
  const unfolded = head.replace(/\r\n[ \t]+/g, " ");
  return unfolded.split("\r\n").filter((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`));
}

// Thousands of runs: about a second on an idle machine, many on a loaded one (a guard, not a timing test).
describe("a notice has exactly one recipient, the intended customer", { timeout: 120_000 }, () => {
  it("for every generated audience: one message per customer, To: and envelope name that customer alone", () => {
    fc.assert(
      fc.property(audience, (customers) => {
        customers.forEach((customer, i) => {
          const built = tryBuild(customer, i + 1);
          if (built instanceof NoticeMessageError) return;
          const transport = built.toTransport();
          expect(transport.to).toBe(customer.address);
          expect(transport.envelope.to).toEqual([customer.address]);
          expect(Object.keys(transport)).not.toContain("cc");
          expect(Object.keys(transport)).not.toContain("bcc");
          const mailboxes = parseAddressList(transport.to);
          expect(mailboxes).toHaveLength(1);
          expect(mailboxes[0]).toMatchObject({ ok: true, address: customer.address, displayName: null });
        });
      }),
      { numRuns: 2_000 },
    );
  });

  it("hostile addresses (lists, groups, names, header injection) cannot be built at all", () => {
    fc.assert(
      fc.property(hostile, (address) => {
        const built = tryBuild({ address }, 1);
        if (built instanceof NoticeMessage) {
          // Only a plain addr-spec gets through (a random string may happen to be one).
          expect(parseAddressList(address)).toEqual([{ ok: true, address, displayName: null, raw: address }]);
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it("compiled to MIME by nodemailer, the headers hold one To: mailbox and no Cc or Bcc", async () => {
    await fc.assert(
      fc.asyncProperty(audience, async (customers) => {
        for (const [i, customer] of customers.entries()) {
          const built = tryBuild(customer, i + 1);
          if (built instanceof NoticeMessageError) continue;
          const raw = (await new MailComposer({ ...built.toTransport() }).compile().build()).toString("utf8");
          const to = headerLines(raw, "To");
          expect(to).toHaveLength(1);
          const mailboxes = parseAddressList(to[0]!.slice(3).trim());
          expect(mailboxes).toHaveLength(1);
          expect(mailboxes[0]).toMatchObject({ ok: true, address: customer.address });
          expect(headerLines(raw, "Cc")).toEqual([]);
          expect(headerLines(raw, "Bcc")).toEqual([]);
          expect(headerLines(raw, "List-Unsubscribe")).toEqual([]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it("refuses anything but one recipient, whatever the caller passes", () => {
    const base = {
      to: "jane@example.com",
      intendedRecipient: "jane@example.com",
      from: FROM,
      replyTo: null,
      messageId: "<n.1@exchange.example>",
      subject: "Notice",
      text: "Hello",
      html: "",
    };
    expect(() => NoticeMessage.forCustomer({ ...base, bcc: "all@example.com" } as never)).toThrow(/no "bcc"/);
    expect(() => NoticeMessage.forCustomer({ ...base, cc: "x@example.com" } as never)).toThrow(/no "cc"/);
    expect(() => NoticeMessage.forCustomer({ ...base, to: ["a@example.com", "b@example.com"] } as never)).toThrow(/never a list/);
    expect(() => NoticeMessage.forCustomer({ ...base, to: "a@example.com, b@example.com" })).toThrow(NoticeMessageError);
    expect(() => NoticeMessage.forCustomer({ ...base, to: "john@example.com" })).toThrow(/not the customer/);
    expect(() => NoticeMessage.forCustomer({ ...base, subject: "Hi\r\nBcc: all@example.com" })).toThrow(/line break/);
    expect(() => NoticeMessage.forCustomer({ ...base, text: " " })).toThrow(/plain-text part/);
    expect(NoticeMessage.forCustomer(base).toTransport().envelope.to).toEqual(["jane@example.com"]);
  });
});

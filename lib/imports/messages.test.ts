import { describe, expect, it } from "vitest";
import { parseMessage } from "./messages";

const message = [
  "Return-Path: <bounce@shop.example>",
  "From: Shop <noreply@shop.example>",
  'To: =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <jm@example.com>, "Doe, Jane" <Jane.Doe@Example.com>,',
  "\tbob@example.com,",
  "   undisclosed-recipients:;",
  "Cc: Team: a@example.com, =?ISO-8859-1?Q?Andr=E9?= <andre@example.com>;, broken, x@localhost",
  "Bcc: Hidden <JANE.DOE@example.com>, hidden2@example.com",
  "Subject: =?UTF-8?Q?Your_account_=E2=9C=93?=",
  "Date: Fri, 1 Mar 2024 10:00:00 +0100",
  "Message-ID: <abc@shop.example>",
  "Content-Type: text/plain; charset=utf-8",
  "",
  "To: not-a-header@example.com",
  "",
].join("\r\n");

describe("parseMessage", () => {
  it("reads recipients with decoded names, folded headers and groups", async () => {
    const parsed = await parseMessage(Buffer.from(message));
    expect(parsed.messageId).toBe("abc@shop.example");
    expect(parsed.subject).toBe("Your account ✓");
    expect(parsed.sentAt).toEqual(new Date("2024-03-01T09:00:00Z"));
    expect(parsed.recipients).toEqual([
      {
        emailOriginal: "jm@example.com",
        emailNormalized: "jm@example.com",
        displayName: "Jürgen Müller",
        visibility: "to",
      },
      {
        emailOriginal: "Jane.Doe@Example.com",
        emailNormalized: "jane.doe@example.com",
        displayName: "Doe, Jane",
        visibility: "to",
      },
      { emailOriginal: "bob@example.com", emailNormalized: "bob@example.com", displayName: null, visibility: "to" },
      { emailOriginal: "a@example.com", emailNormalized: "a@example.com", displayName: null, visibility: "cc" },
      {
        emailOriginal: "andre@example.com",
        emailNormalized: "andre@example.com",
        displayName: "André",
        visibility: "cc",
      },
      {
        emailOriginal: "hidden2@example.com",
        emailNormalized: "hidden2@example.com",
        displayName: null,
        visibility: "bcc",
      },
    ]);
    expect(parsed.rejects).toEqual([
      { reason: "missing @ in Cc", raw: "broken" },
      { reason: "invalid domain in Cc", raw: "x@localhost" },
    ]);
  });

  it("ignores the body", async () => {
    const parsed = await parseMessage("To: a@example.com\n\nTo: b@example.com\nCc: c@example.com\n");
    expect(parsed.recipients.map((r) => r.emailOriginal)).toEqual(["a@example.com"]);
  });

  it("reports an address hidden in a display name instead of losing it", async () => {
    const parsed = await parseMessage("To: a@example.com b@example.com\n\n");
    expect(parsed.recipients.map((r) => r.emailOriginal)).toEqual(["a@example.com"]);
    expect(parsed.rejects).toEqual([
      { reason: "another address in the display name in To (not imported)", raw: "b@example.com <a@example.com>" },
    ]);
  });

  it("returns nulls for a message without those headers", async () => {
    const parsed = await parseMessage("X-Nothing: here\n\nbody");
    expect(parsed).toEqual({ messageId: null, subject: null, sentAt: null, recipients: [], rejects: [] });
  });

  it("keeps a header-only message without a blank line", async () => {
    const parsed = await parseMessage("To: a@example.com\nDate: not a date");
    expect(parsed.recipients).toHaveLength(1);
    expect(parsed.sentAt).toBeNull();
  });
});

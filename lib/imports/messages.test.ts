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
    const parsed = await parseMessage('To: "b@example.com" <a@example.com>\n\n');
    expect(parsed.recipients.map((r) => r.emailOriginal)).toEqual(["a@example.com"]);
    expect(parsed.rejects).toEqual([
      { reason: "another address in the display name in To (not imported)", raw: "b@example.com <a@example.com>" },
    ]);
  });

  // Regression: the lenient parse read the second address and dropped the first.
  it("rejects two addresses without a comma instead of guessing one", async () => {
    const parsed = await parseMessage("To: a@example.com b@example.com\n\n");
    expect(parsed.recipients).toEqual([]);
    expect(parsed.rejects).toEqual([
      {
        reason: "more than one @ (several addresses without a comma between them?) in To",
        raw: "a@example.com b@example.com",
      },
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

  // Regression: each of these was imported as a different mailbox.
  it.each([
    ["hello world@iana.org", "a space inside the address (a display name needs <angle brackets>) in To"],
    ["Fred\\ Bloggs@iana.org", 'character "\\" in To'],
    ['"test"test@iana.org', "a quoted string run together with other text in To"],
    ["first(middle)last@iana.org", "a comment inside the address in To"],
    ['"unclosed@iana.org, other@iana.org', "unclosed quoted string in To"],
    ["jane@iana.org (unclosed, other@iana.org", "unclosed comment in To"],
  ])("rejects %j with its reason and imports nothing from it", async (header, reason) => {
    const parsed = await parseMessage(`To: ${header}\n\nbody`);
    expect(parsed.recipients).toEqual([]);
    expect(parsed.rejects).toEqual([{ reason, raw: header }]);
  });

  it("reads the obsolete spelling test . test@iana.org as test.test@iana.org", async () => {
    const parsed = await parseMessage("To: test . test@iana.org\n\n");
    expect(parsed.recipients.map((r) => r.emailOriginal)).toEqual(["test.test@iana.org"]);
    expect(parsed.rejects).toEqual([]);
  });

  // Regression: an encoded display name holding a comma, and bare CRs ending the header lines.
  it("keeps an encoded display name holding a comma as one recipient", async () => {
    const parsed = await parseMessage(
      "To: =?UTF-8?B?RG9lLCBKYW5l?= <jane@example.com>, =?UTF-8?Q?Roe=2C_Rick?= <rick@example.com>,\n =?UTF-8?Q?Poe,_Edgar?= <edgar@example.com>\n\n",
    );
    expect(parsed.recipients.map((r) => [r.displayName, r.emailOriginal])).toEqual([
      ["Doe, Jane", "jane@example.com"],
      ["Roe, Rick", "rick@example.com"],
      ["Poe, Edgar", "edgar@example.com"],
    ]);
    expect(parsed.rejects).toEqual([]);
  });

  it("says so when an address is sent entirely as an encoded word", async () => {
    const parsed = await parseMessage("Cc: =?UTF-8?B?amFuZUBleGFtcGxlLmNvbQ==?=\n\n");
    expect(parsed.recipients).toEqual([]);
    expect(parsed.rejects[0]?.reason).toBe(
      'an address sent as an RFC 2047 encoded word ("jane@example.com"); encoded words are allowed in display names only in Cc',
    );
  });

  it("reads addresses with comments (RFC 5322 Appendix A.5)", async () => {
    const parsed = await parseMessage(
      "To: Pete(A nice \\) chap) <pete(his account)@silly.test(his host)>\r\nCc: A Group(Some people)\r\n     :Chris Jones <c@(Chris's host.)public.example>,\r\n         joe@example.org,\r\n  John <jdoe@one.test> (my dear friend); (the end of the group)\r\n\r\n",
    );
    expect(parsed.recipients.map((r) => [r.displayName, r.emailOriginal, r.visibility])).toEqual([
      ["Pete", "pete@silly.test", "to"],
      ["Chris Jones", "c@public.example", "cc"],
      [null, "joe@example.org", "cc"],
      ["John", "jdoe@one.test", "cc"],
    ]);
    expect(parsed.rejects).toEqual([]);
  });

  it("reads a message with bare CR line endings", async () => {
    const parsed = await parseMessage(
      Buffer.from("Subject: old Mac\rTo: a@example.com,\r b@example.com\rCc: c@example.com\r\rTo: body@example.com\r"),
    );
    expect(parsed.recipients.map((r) => r.emailOriginal)).toEqual(["a@example.com", "b@example.com", "c@example.com"]);
    expect(parsed.subject).toBe("old Mac");
  });

  // Regression: postal-mime threw on more than 2 MB of headers, failing the whole import.
  it("rejects a message whose headers are over the cap instead of throwing", async () => {
    const raw = Buffer.from(`To: a@example.com\nX-Padding: ${"x".repeat(2.5 * (1 << 20))}\n\nbody`);
    const parsed = await parseMessage(raw);
    expect(parsed.recipients).toEqual([]);
    expect(parsed.rejects).toEqual([{ reason: "message headers longer than 1 MB (message not read)", raw: "" }]);
  });
});

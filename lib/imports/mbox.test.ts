import { describe, expect, it } from "vitest";
import { parseMessage } from "./messages";
import { splitMbox } from "./mbox";
import { chunked, collect } from "./test-input";
import { ImportFormatError } from "./types";

const mbox = [
  "From noreply@shop.example Fri Mar  1 10:00:00 2024",
  "From: noreply@shop.example",
  "To: jane@example.com",
  "Subject: one",
  "",
  "Hello",
  ">From the desk of the CEO",
  ">>From here",
  "",
  "From noreply@shop.example Fri Mar  1 10:00:01 2024",
  "From: noreply@shop.example",
  "To: bob@example.com",
  "",
  "Second",
  "",
].join("\n");

describe("splitMbox", () => {
  it.each([1, 5, 64, 4096])("splits messages on From_ lines in %i-byte chunks", async (size) => {
    const messages = await collect(splitMbox(chunked(mbox, size)));
    expect(messages.map((m) => m.line)).toEqual([1, 10]);
    expect(messages[0]?.raw.toString()).toBe(
      "From: noreply@shop.example\nTo: jane@example.com\nSubject: one\n\nHello\nFrom the desk of the CEO\n>From here\n",
    );
    expect(messages[1]?.raw.toString()).toBe("From: noreply@shop.example\nTo: bob@example.com\n\nSecond\n");
    expect(messages.at(-1)?.bytesRead).toBe(Buffer.byteLength(mbox));
    const recipients = await Promise.all(messages.map(async (m) => (await parseMessage(m.raw)).recipients));
    expect(recipients.flat().map((r) => r.emailOriginal)).toEqual(["jane@example.com", "bob@example.com"]);
  });

  it("handles CRLF and a last line without newline", async () => {
    const text =
      "From a@b Fri Mar  1 10:00:00 2024\r\nTo: x@example.com\r\n\r\nbody\r\n\r\nFrom a@b Fri\r\nTo: y@example.com";
    const messages = await collect(splitMbox(chunked(text, 3)));
    expect(messages.map((m) => m.raw.toString())).toEqual(["To: x@example.com\r\n\r\nbody\r\n", "To: y@example.com"]);
  });

  it("refuses a file that is not mbox", async () => {
    await expect(collect(splitMbox(chunked("email,name\na@example.com,A\n")))).rejects.toThrow(ImportFormatError);
    await expect(collect(splitMbox(chunked("")))).rejects.toThrow("The file is empty");
  });
});

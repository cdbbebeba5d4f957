import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkAddress } from "@/lib/email/normalize";
import { parseAccountsCsv } from "./accounts-csv";
import { detectFormat } from "./detect-format";
import { parseSecurityEvents } from "./events";
import { splitMbox } from "./mbox";
import { parseMessage } from "./messages";
import { parseRecipientCsv } from "./recipients-csv";
import { chunked, collect } from "./test-input";
import { ImportFormatError } from "./types";
import { readZipEntries } from "./zip";

// Every parser an upload reaches, fed thousands of hostile inputs
// (fixed seed). Only ImportFormatError (a validation error naming the
// problem) may escape; anything else would be a 500. Nothing accepted may
// hold a NUL (PostgreSQL's text cannot), and no address is accepted that is
// not valid, or (for messages) not spelt out in the header.

const TIMEOUT_MS = 60_000;

async function outcome<T>(generator: AsyncIterable<T>): Promise<T[] | null> {
  try {
    return await collect(generator);
  } catch (error) {
    if (error instanceof ImportFormatError) return null;
    throw error;
  }
}

function assertNoNul(value: unknown, where: string): void {
  if (typeof value === "string") expect(value.includes("\u0000"), `${where} holds a NUL`).toBe(false);
  else if (Array.isArray(value)) value.forEach((item, i) => assertNoNul(item, `${where}[${i}]`));
  else if (value !== null && typeof value === "object" && !(value instanceof Date) && !Buffer.isBuffer(value)) {
    for (const [key, item] of Object.entries(value)) assertNoNul(item, `${where}.${key}`);
  }
}

const piece = fc.constantFrom(
  "a",
  "@",
  ".",
  ",",
  ";",
  '"',
  "\n",
  "\r\n",
  "\r",
  "\u0000",
  "\t",
  "é",
  "<",
  ">",
  "(",
  ")",
  "\\",
  "=?UTF-8?B?",
  "?=",
  "From ",
  "To: ",
  "Cc: ",
  "x@example.com",
  " ",
);
const hostileText = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 200 }),
  fc.array(piece, { maxLength: 80 }).map((parts) => parts.join("")),
);
const hostileBytes = fc.oneof(
  hostileText.map((text) => Buffer.from(text)),
  fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes)),
);
const chunkSize = fc.integer({ min: 1, max: 97 });

describe("import parsers under hostile input", () => {
  it(
    "CSV parsers (recipients, accounts, events): only validation errors; nothing accepted holds a NUL or a bad address",
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom("email,name\n", "id,email,2fa,balance\n", "account_id,email,time,kind\n", ""),
          hostileText,
          fc.integer({ min: 0, max: 6000 }),
          chunkSize,
          async (header, body, padding, size) => {
            // Padding pushes the hostile part past the first chunk and the first 4 KB.
            const text = `${header}${"p@example.com\n".repeat(Math.floor(padding / 14))}${body}`;
            const recipients = await outcome(parseRecipientCsv(chunked(text, size * 50)));
            for (const row of recipients?.flatMap((b) => b.rows) ?? []) {
              expect(checkAddress(row.emailOriginal).ok).toBe(true);
              assertNoNul(row, "recipient");
            }
            assertNoNul(
              recipients?.flatMap((b) => b.rejects),
              "recipient rejects",
            );
            const accounts = await outcome(parseAccountsCsv(chunked(text, size * 50)));
            assertNoNul(
              accounts?.flatMap((b) => b.rows),
              "accounts",
            );
            const events = await outcome(parseSecurityEvents(chunked(text, size * 50), { format: "csv" }));
            assertNoNul(
              events?.flatMap((b) => b.rows),
              "events",
            );
          },
        ),
        { numRuns: 1000 },
      );
    },
    TIMEOUT_MS,
  );

  it(
    "JSON-lines events: only validation errors; nothing accepted holds a NUL",
    async () => {
      const value = fc.oneof(
        hostileText,
        fc.constant("2024-01-01T00:00:00Z"),
        fc.constant("failed login"),
        fc.anything(),
      );
      const line = fc.oneof(
        hostileText,
        fc.record({ email: value, time: value, kind: value, detail: value, ip: value }).map((o) => JSON.stringify(o)),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(line, { maxLength: 20 }), chunkSize, async (lines, size) => {
          const batches = await outcome(parseSecurityEvents(chunked(lines.join("\n"), size), { format: "jsonl" }));
          assertNoNul(
            batches?.flatMap((b) => b.rows),
            "events",
          );
        }),
        { numRuns: 1500 },
      );
    },
    TIMEOUT_MS,
  );

  it(
    "mbox: only validation errors, whatever the bytes",
    async () => {
      await fc.assert(
        fc.asyncProperty(hostileBytes, fc.boolean(), chunkSize, async (bytes, separated, size) => {
          const input = separated ? Buffer.concat([Buffer.from("From a@b Thu Nov  7 08:30:00 2019\n"), bytes]) : bytes;
          const messages = await outcome(splitMbox(chunked(input, size)));
          if (separated) expect(messages).not.toBeNull();
        }),
        { numRuns: 2000 },
      );
    },
    TIMEOUT_MS,
  );

  it(
    "messages: never throw; every recipient is valid, NUL-free and spelt out in its header",
    async () => {
      const header = fc.oneof(
        hostileText,
        fc.array(fc.oneof(piece, fc.emailAddress()), { maxLength: 20 }).map((parts) => parts.join("")),
      );
      await fc.assert(
        fc.asyncProperty(header, header, hostileBytes, async (to, cc, rest) => {
          const raw = Buffer.concat([Buffer.from(`To: ${to}\r\nCc: ${cc}\r\n`), rest]);
          const parsed = await parseMessage(raw);
          assertNoNul(parsed, "message");
          const text = raw.toString("utf8");
          for (const recipient of parsed.recipients) {
            expect(checkAddress(recipient.emailOriginal).ok).toBe(true);
            let at = 0;
            for (const c of recipient.emailOriginal) {
              at = text.indexOf(c, at);
              expect(at, `${recipient.emailOriginal} not spelt out in ${JSON.stringify(text)}`).toBeGreaterThanOrEqual(
                0,
              );
              at++;
            }
          }
        }),
        { numRuns: 3000 },
      );
    },
    TIMEOUT_MS,
  );

  it(
    "zip files and format detection: only validation errors, whatever the bytes",
    async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "breachdesk-zip-"));
      try {
        const zipHead = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
        await fc.assert(
          fc.asyncProperty(hostileBytes, fc.boolean(), hostileText, async (bytes, asZip, name) => {
            const body = asZip ? Buffer.concat([zipHead, bytes]) : bytes;
            expect(typeof detectFormat(name, body)).toBe("string");
            const file = path.join(dir, "upload.zip");
            fs.writeFileSync(file, body);
            await outcome(readZipEntries(file));
          }),
          { numRuns: 1000 },
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    TIMEOUT_MS,
  );
});

import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isValidEmail } from "@/lib/email/normalize";
import { parseAccountsCsv } from "./accounts-csv";
import { type CsvBatch, readCsvRecords } from "./csv-records";
import { parseSecurityEvents } from "./events";
import { parseRecipientCsv } from "./recipients-csv";
import { chunked, collect } from "./test-input";
import { ImportFormatError } from "./types";

const cellChar = fc.constantFrom("a", "Z", " ", ",", ";", "\t", '"', "\n", "\r\n", "\r", "é", "😀", "<", ">", "@", "'");
const cell = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.array(cellChar, { maxLength: 12 }).map((parts) => parts.join("")),
);
const delimiter = fc.constantFrom(",", "\t", ";");
const chunkSize = fc.integer({ min: 1, max: 97 });

// Only ImportFormatError may escape a parser: anything else is a crash.
async function collectOrFormatError<T>(generator: AsyncIterable<T>): Promise<T[] | null> {
  try {
    return await collect(generator);
  } catch (error) {
    if (error instanceof ImportFormatError) return null;
    throw error;
  }
}

async function* toAsync<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

function lineCount(text: string): number {
  if (text === "") return 0;
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

describe("CSV reader properties", () => {
  it("round-trips values quoted by csv-stringify, with the line each record starts on", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.emailAddress(), cell, cell), { minLength: 1, maxLength: 30 }),
        delimiter,
        fc.boolean(),
        chunkSize,
        async (rows, delim, crlf, size) => {
          // csv-stringify quotes only its own record delimiter: with CRLF records it would
          // leave a lone LF or CR unquoted, which no reader can tell from a line end.
          const options = { delimiter: delim, record_delimiter: crlf ? "\r\n" : "\n", quoted_match: /[\r\n]/ };
          let text = stringify([["email", "name", "batch"]], options);
          const expectedLines: number[] = [];
          for (const row of rows) {
            expectedLines.push(lineCount(text) + 1);
            text += stringify([row], options);
          }
          const batches = await collect(readCsvRecords(chunked(text, size), { batchSize: 7 }));
          expect(batches.flatMap((b) => b.rejects)).toEqual([]);
          expect(batches[0]?.header).toEqual(["email", "name", "batch"]);
          expect(batches.flatMap((b) => b.records)).toEqual(rows);
          expect(batches.flatMap((b) => b.lines)).toEqual(expectedLines);
          expect(batches.at(-1)?.bytesRead).toBe(Buffer.byteLength(text));
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe("CSV reader decoding", () => {
  it("reads UTF-8 bytes in any chunks as one decoder reads the whole file", async () => {
    // ASCII runs (read without the streaming decoder) around multi-byte
    // characters, a BOM (kept anywhere but at the start) and invalid bytes.
    const piece = fc.oneof(
      fc.constantFrom("a,b\n", "x", ",", "\n", "é", "😀", "\uFEFF").map((t) => Buffer.from(t)),
      fc.constantFrom(0x80, 0xc3, 0xe2, 0xef, 0xf0, 0xff).map((b) => Buffer.from([b])),
    );
    const file = fc.array(piece, { maxLength: 60 }).map((pieces) => Buffer.concat([Buffer.from("h1,h2\n"), ...pieces]));
    const records = (batches: Awaited<ReturnType<typeof collectOrFormatError<CsvBatch>>>) =>
      batches && batches.map((b) => [b.header, b.records, b.rejects]);
    await fc.assert(
      fc.asyncProperty(file, chunkSize, fc.boolean(), async (bytes, size, bom) => {
        const input = bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]) : bytes;
        const whole = records(await collectOrFormatError(readCsvRecords(toAsync([new TextDecoder().decode(input)]))));
        expect(records(await collectOrFormatError(readCsvRecords(chunked(input, size))))).toEqual(whole);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("CSV reader against csv-parse", () => {
  it("reads arbitrary text exactly as csv-parse does on the whole file", async () => {
    const text = fc
      .array(fc.oneof(cellChar, fc.constantFrom(",", '"', '""', "\n", "x")), { maxLength: 80 })
      .map((parts) => parts.join(""));
    await fc.assert(
      fc.asyncProperty(text, chunkSize, async (body, size) => {
        const file = `h1,h2\n${body}`;
        let expected: string[][];
        try {
          // A CR as the very last character ends the line here (a CRLF cut short).
          expected = parse(file.endsWith("\r") ? file.slice(0, -1) : file, {
            relax_quotes: true,
            relax_column_count: true,
            record_delimiter: ["\r\n", "\n"],
          });
        } catch {
          return; // csv-parse gives up too: only the reader's own outcome is checked above
        }
        const blank = (record: string[]) => record.every((field) => field.trim() === "");
        const batches = await collectOrFormatError(readCsvRecords(chunked(file, size)));
        if (batches === null) return;
        const records = [batches[0]?.header ?? [], ...batches.flatMap((b) => b.records)];
        if (batches.some((b) => b.rejects.length > 0)) return;
        expect(records).toEqual(expected.filter((record) => !blank(record)));
      }),
      { numRuns: 3000 },
    );
  });
});

const addressish = fc.oneof(
  fc.emailAddress(),
  fc.emailAddress().map((a) => `Name <${a}>`),
  fc.emailAddress().map((a) => ` ${a.toUpperCase()} `),
  fc
    .array(fc.constantFrom("a", "@", ".", "-", " ", "é", "<", ">", "com", "+", ","), { maxLength: 10 })
    .map((p) => p.join("")),
  fc.constant(""),
);

describe("recipient CSV properties", () => {
  it("accounts for every line: header, accepted rows, rejects and blank lines", async () => {
    const line = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(addressish, fc.constantFrom("", "b1", "2024-03-01T10:00:00Z", "not a date")) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 40 }), fc.boolean(), chunkSize, async (lines, crlf, size) => {
        // Cells without quotes, commas or line breaks, so one record is one line.
        const body = lines.map((l) => (l === null ? "" : `${l[0].replace(/[",\n\r;]/g, "")},${l[1]}`));
        const eol = crlf ? "\r\n" : "\n";
        const text = ["email,sent_at", ...body].join(eol) + eol;
        const batches = await collect(parseRecipientCsv(chunked(text, size), { batchSize: 5 }));
        const rows = batches.flatMap((b) => b.rows);
        const rejects = batches.flatMap((b) => b.rejects);
        const blank = batches.reduce((n, b) => n + b.blankLines, 0);
        expect(1 + rows.length + rejects.length + blank).toBe(lines.length + 1);
        const seen = [...rows.map((r) => r.line), ...rejects.map((r) => r.line)].sort((a, b) => a - b);
        expect(new Set(seen).size).toBe(seen.length);
        for (const n of seen) expect(n).toBeGreaterThanOrEqual(2);
        for (const n of seen) expect(n).toBeLessThanOrEqual(lines.length + 1);
        for (const row of rows) {
          expect(isValidEmail(row.emailOriginal)).toBe(true);
          expect(isValidEmail(row.emailNormalized)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("never crashes on arbitrary text and never accepts an invalid address", async () => {
    const text = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc
        .array(fc.oneof(addressish, cell, fc.constantFrom("\n", "\r\n", '"', ",")), { maxLength: 60 })
        .map((p) => p.join("")),
    );
    await fc.assert(
      fc.asyncProperty(text, chunkSize, async (body, size) => {
        const batches = await collectOrFormatError(parseRecipientCsv(chunked(`email,name\n${body}`, size)));
        if (batches === null) return;
        let previous = 1;
        for (const row of batches.flatMap((b) => b.rows)) {
          expect(isValidEmail(row.emailOriginal)).toBe(true);
          expect(isValidEmail(row.emailNormalized)).toBe(true);
          expect(row.line).toBeGreaterThan(previous);
          previous = row.line;
        }
        for (const reject of batches.flatMap((b) => b.rejects)) expect(reject.raw.length).toBeLessThanOrEqual(500);
      }),
      { numRuns: 1500 },
    );
  });
});

describe("accounts and events properties", () => {
  it("accounts: no crash, every accepted e-mail valid", async () => {
    const row = fc.tuple(
      fc.oneof(fc.constant(""), fc.string({ maxLength: 6 })),
      addressish,
      fc.constantFrom("", "yes", "no", "maybe", "1"),
      fc.constantFrom("", "1,234.56", "-1", "abc", "0.5", "12.345"),
      fc.constantFrom("", "de", "XX", "gb1"),
      fc.constantFrom("", "2019-02-28", "31/02/2019", "2024-03-01T10:00:00Z"),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 25 }), chunkSize, async (rows, size) => {
        const text = stringify([["id", "email", "2fa", "balance", "country", "created"], ...rows]);
        const batches = await collect(parseAccountsCsv(chunked(text, size)));
        const accepted = batches.flatMap((b) => b.rows);
        const rejected = batches.flatMap((b) => b.rejects);
        const blank = batches.reduce((n, b) => n + b.blankLines, 0);
        expect(accepted.length + rejected.length + blank).toBe(rows.length);
        for (const account of accepted) {
          expect(isValidEmail(account.email)).toBe(true);
          expect(account.externalId).not.toBe("");
        }
      }),
      { numRuns: 400 },
    );
  });

  it("events as JSON lines: one outcome per line, no crash", async () => {
    const jsonLine = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc
        .record({
          account_id: fc.oneof(fc.string({ maxLength: 5 }), fc.integer()),
          email: addressish,
          time: fc.constantFrom("2024-03-02T10:00:00Z", "2024-03-02T10:00:00", "nope"),
          kind: fc.constantFrom("failed login", "password_change", "unknown"),
          ip: fc.constantFrom("", "10.0.0.1", "::1", "999.1.1.1"),
        })
        .map((object) => JSON.stringify(object)),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(jsonLine, { maxLength: 30 }), chunkSize, async (lines, size) => {
        const clean = lines.map((l) => l.replace(/[\r\n]/g, " "));
        const text = clean.join("\n");
        const batches = await collect(parseSecurityEvents(chunked(text, size), { format: "jsonl" }));
        const count = batches.reduce((n, b) => n + b.rows.length + b.rejects.length + b.blankLines, 0);
        expect(count).toBe(lineCount(text));
        for (const event of batches.flatMap((b) => b.rows)) {
          if (event.email !== null) expect(isValidEmail(event.email)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});

import { describe, expect, it } from "vitest";
import { MAX_BATCH_CHARS, MAX_RECORD_FIELDS, readCsvRecords } from "./csv-records";
import { chunked, collect } from "./test-input";
import { ImportFormatError } from "./types";

const tooMany = (line: number) =>
  new ImportFormatError(`Line ${line} has more than ${MAX_RECORD_FIELDS} fields; no import file has that many columns`);

describe("readCsvRecords field cap", () => {
  const extra = MAX_RECORD_FIELDS; // on top of the record's first field

  it.each([
    ["unquoted", `b@example.com${",x".repeat(extra)}`],
    ["every field quoted", `"b@example.com"${',"x"'.repeat(extra)}`],
    ["read by csv-parse", `"b""@example.com"${",x".repeat(extra)}`],
    ["spanning lines", `"b@example.com\n"${",x".repeat(extra)}`],
  ])("rejects a record with more than MAX_RECORD_FIELDS fields, naming its line (%s)", async (_, record) => {
    const text = `email,name\na@example.com,A\n\n${record}\nc@example.com,C\n`;
    await expect(collect(readCsvRecords(chunked(text, 4096)))).rejects.toThrow(tooMany(4));
  });

  it("rejects a header with too many fields", async () => {
    const text = `email${",name".repeat(extra)}\na@example.com\n`;
    await expect(collect(readCsvRecords(chunked(text, 4096)))).rejects.toThrow(tooMany(1));
  });

  it("accepts a record of exactly MAX_RECORD_FIELDS fields, and blank lines of any width", async () => {
    const full = `b@example.com${",x".repeat(MAX_RECORD_FIELDS - 1)}`;
    const text = `email,name\n${",".repeat(5000)}\n${full}\n"",${",".repeat(5000)}\n`;
    const [batch, ...rest] = await collect(readCsvRecords(chunked(text, 4096)));
    expect(rest).toEqual([]);
    expect(batch?.records.map((r) => r.length)).toEqual([MAX_RECORD_FIELDS]);
    expect(batch?.lines).toEqual([3]);
    expect(batch?.blankLines).toBe(2);
  });
});

describe("readCsvRecords batches by size", () => {
  // Eight lines of this length hold just over MAX_BATCH_CHARS (each is under the 1 MB line cap).
  const length = MAX_BATCH_CHARS / 8 + 1;

  it.each([
    ["unquoted", (i: number) => `u${i}@example.com,`],
    ["read by csv-parse", (i: number) => `"u""${i}@example.com",`],
  ])("ends a batch of long lines once it holds MAX_BATCH_CHARS characters (%s)", async (_, start) => {
    const lines = Array.from({ length: 20 }, (_, i) => start(i).padEnd(length, "x"));
    const text = `email,name\n${lines.join("\n")}\n`;
    const batches = await collect(readCsvRecords(chunked(text, 65_536)));
    expect(batches.map((b) => b.lines)).toEqual([
      [2, 3, 4, 5, 6, 7, 8, 9],
      [10, 11, 12, 13, 14, 15, 16, 17],
      [18, 19, 20, 21],
    ]);
    expect(batches.flatMap((b) => b.raws)).toEqual(lines);
    expect(batches.flatMap((b) => b.records.map((r) => r.length))).toEqual(lines.map(() => 2));
    expect(batches.flatMap((b) => b.rejects)).toEqual([]);
  });

  it("still ends batches by row count when the lines are short", async () => {
    const text = `email\n${Array.from({ length: 12 }, (_, i) => `u${i}@example.com`).join("\n")}\n`;
    const batches = await collect(readCsvRecords(chunked(text, 64), { batchSize: 5 }));
    expect(batches.map((b) => b.records.length)).toEqual([5, 5, 2]);
  });
});

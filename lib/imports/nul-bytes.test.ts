import { describe, expect, it } from "vitest";
import { readCsvRecords } from "./csv-records";
import { parseSecurityEvents } from "./events";
import { parseRecipientCsv } from "./recipients-csv";
import { chunked, collect } from "./test-input";
import { ImportFormatError } from "./types";

// Regression: a NUL byte past the first 4 KB went on to the database,
// whose text cannot hold it, and failed the import as "unexpected" (a 500).
const filler = Array.from({ length: 200 }, (_, i) => `user${i}@example.com,Batch ${i}`).join("\n");

describe("NUL bytes after the first 4 KB", () => {
  it("CSV: a validation error that names the line", async () => {
    const text = `email,batch\n${filler}\nbad\u0000@example.com,x\nlast@example.com,y\n`;
    expect(text.indexOf("\u0000")).toBeGreaterThan(4096);
    for (const size of [7, 4096, 1 << 16]) {
      await expect(collect(readCsvRecords(chunked(text, size)))).rejects.toThrow(
        new ImportFormatError("Line 202 contains a NUL byte; this is not a CSV file"),
      );
    }
  });

  it("CSV recipients: the same error through the recipient parser", async () => {
    const text = `email\n${filler.replaceAll(",Batch", "")}\nx\u0000y\n`;
    await expect(collect(parseRecipientCsv(chunked(text, 1000)))).rejects.toThrow("Line 202 contains a NUL byte");
  });

  it("JSON-lines events: a raw NUL names the line; an escaped one rejects the row", async () => {
    const good = `{"email":"a@example.com","time":"2024-01-01T00:00:00Z","event":"failed login"}`;
    const lines = Array.from({ length: 100 }, () => good);
    const raw = [...lines, `{"email":"a@example.com","time":"2024-01-01T00:00:00Z","event":"failed\u0000login"}`].join(
      "\n",
    );
    expect(raw.indexOf("\u0000")).toBeGreaterThan(4096);
    await expect(collect(parseSecurityEvents(chunked(raw, 333), { format: "jsonl" }))).rejects.toThrow(
      new ImportFormatError("Line 101 contains a NUL byte; this is not a JSON-lines file (one event per line)"),
    );
    const escaped = [
      ...lines,
      `{"email":"a@example.com","time":"2024-01-01T00:00:00Z","event":"failed login","detail":"a\\u0000b"}`,
    ].join("\n");
    const batches = await collect(parseSecurityEvents(chunked(escaped, 333), { format: "jsonl" }));
    const rejects = batches.flatMap((b) => b.rejects);
    expect(rejects).toEqual([
      { line: 101, reason: "invalid detail: contains a NUL character", raw: expect.any(String) },
    ]);
    expect(batches.flatMap((b) => b.rows)).toHaveLength(100);
  });

  it("CSV events: a validation error that names the line", async () => {
    const rows = Array.from({ length: 150 }, (_, i) => `A${i},2024-01-01T00:00:00Z,failed login`);
    const text = `account_id,occurred_at,event\n${rows.join("\n")}\nA1,2024-01-01T00:00:00Z,fail\u0000ed\n`;
    expect(text.indexOf("\u0000")).toBeGreaterThan(4096);
    await expect(collect(parseSecurityEvents(chunked(text, 512), { format: "csv" }))).rejects.toThrow(
      "Line 152 contains a NUL byte; this is not a CSV file",
    );
  });
});

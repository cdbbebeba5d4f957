import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { parseSecurityEvents } from "./events";
import { readCsvRecords } from "./csv-records";
import { LineSplitter } from "./line-splitter";
import { splitMbox } from "./mbox";
import { chunked, collect } from "./test-input";
import { ImportFormatError } from "./types";

// Regression: the readers re-concatenated the carried line with every
// chunk, so one long line cost quadratic time. Linearity is shown by counting
// work (characters scanned and copied; bytes copied by Buffer.concat), never
// by timing: doubling the input may at most double the work.

function splitterWork(text: string, chunkChars: number): { work: number; lines: string[] } {
  const splitter = new LineSplitter({ maxLineChars: 1 << 30, what: "a test file" });
  const lines: string[] = [];
  for (let i = 0; i < text.length; i += chunkChars) lines.push(...splitter.push(text.slice(i, i + chunkChars)));
  const last = splitter.end();
  if (last !== null) lines.push(last);
  return { work: splitter.work, lines };
}

describe("LineSplitter", () => {
  it("does work linear in the input for one long line: 2n characters cost at most twice n", () => {
    const n = 256 * 1024;
    const one = splitterWork("x".repeat(n), 1024);
    const two = splitterWork("x".repeat(2 * n), 1024);
    expect(one.lines).toEqual(["x".repeat(n)]);
    expect(two.work).toBeLessThanOrEqual(2 * one.work);
    // Each character is scanned once, held once and joined once.
    expect(two.work).toBeLessThanOrEqual(3 * 2 * n);
  });

  it("splits like String.split for any text and any chunk size", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("a", "b", "\n", "\r", "é") }),
        fc.integer({ min: 1, max: 9 }),
        (text, size) => {
          const expected = text.split("\n");
          if (expected.at(-1) === "") expected.pop();
          expect(splitterWork(text, size).lines).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("names the line that goes over the cap, before reading the rest of it", () => {
    const splitter = new LineSplitter({ maxLineChars: 10, what: "a test file" });
    expect([...splitter.push("short\nalso short\n")]).toEqual(["short", "also short"]);
    expect(() => [...splitter.push("0123456789A")]).toThrow(
      new ImportFormatError("Line 3 is longer than 10 characters; this is not a test file"),
    );
  });
});

describe("long lines in the importers", () => {
  it("mbox: one long line copies bytes in proportion to its length (Buffer.concat counted)", async () => {
    const copied = async (n: number) => {
      const spy = vi.spyOn(Buffer, "concat");
      const text = `From a@b Fri Mar  1 10:00:00 2024\nTo: x@example.com\n\n${"y".repeat(n)}\n`;
      const messages = await collect(splitMbox(chunked(text, 1024)));
      const bytes = spy.mock.results.reduce(
        (sum, r) => sum + (r.type === "return" ? (r.value as Buffer).length : 0),
        0,
      );
      spy.mockRestore();
      expect(messages).toHaveLength(1);
      return bytes;
    };
    const n = 256 * 1024;
    const one = await copied(n);
    const two = await copied(2 * n);
    expect(two).toBeLessThanOrEqual(2.1 * one);
    expect(two).toBeLessThanOrEqual(4 * 2 * n);
  });

  it("mbox: a line longer than the cap is an error naming it", async () => {
    async function* input() {
      yield Buffer.from("From a@b Fri Mar  1 10:00:00 2024\nTo: x@example.com\n\n");
      const block = Buffer.alloc(1 << 20, 0x79);
      for (let i = 0; i < 33; i++) yield block;
    }
    await expect(collect(splitMbox(input()))).rejects.toThrow("Line 4 is longer than 32 MB; this is not an mbox file");
  });

  it("JSON-lines events: a line over 1 MB is an error naming it", async () => {
    const text = `{"email":"a@example.com","time":"2024-01-01T00:00:00Z","event":"failed login"}\n{"detail":"${"z".repeat(1 << 20)}"}\n`;
    await expect(collect(parseSecurityEvents(chunked(text, 4096), { format: "jsonl" }))).rejects.toThrow(
      "Line 2 is longer than 1 MB; this is not a JSON-lines file (one event per line)",
    );
  });

  it("CSV: a line over 1 MB is an error naming it", async () => {
    const text = `email\na@example.com\n${"z".repeat((1 << 20) + 1)}\n`;
    await expect(collect(readCsvRecords(chunked(text, 4096)))).rejects.toThrow(
      "Line 3 is longer than 1 MB; this is not a CSV file",
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { escapeCsvCell, toCsv } from "./escape";

// A strict RFC 4180 reader, here only to check what the writer produces.
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i += 1;
      } else {
        cell += c;
        i += 1;
      }
    } else if (c === '"' && cell === "") {
      quoted = true;
      i += 1;
    } else if (c === ",") {
      row.push(cell);
      cell = "";
      i += 1;
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i += 2;
    } else if (c === '"' || c === "\r" || c === "\n") {
      throw new Error(`Unquoted ${JSON.stringify(c)} at ${i}`);
    } else {
      cell += c;
      i += 1;
    }
  }
  if (cell !== "" || row.length > 0) throw new Error("Missing final CRLF");
  return rows;
}

const DANGEROUS = ["=", "+", "-", "@", "\t", "\r"];

describe("escapeCsvCell", () => {
  it.each([
    ['=HYPERLINK("http://evil")', '"\'=HYPERLINK(""http://evil"")"'],
    ["+1 555 0100", "'+1 555 0100"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", "'\tcmd"],
    ["\rcmd", '"\'\rcmd"'],
    ["plain text", "plain text"],
    ["a, b", '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["a=b", "a=b"],
    ["", ""],
  ])("escapes %j as %j", (input, expected) => {
    expect(escapeCsvCell(input)).toBe(expected);
  });

  it("writes empty cells for null and undefined, ISO times for dates and numbers as text", () => {
    expect(escapeCsvCell(null)).toBe("");
    expect(escapeCsvCell(undefined)).toBe("");
    expect(escapeCsvCell(new Date("2019-11-07T09:12:00Z"))).toBe("2019-11-07T09:12:00.000Z");
    expect(escapeCsvCell(42)).toBe("42");
    expect(escapeCsvCell(-1)).toBe("'-1");
    expect(escapeCsvCell(true)).toBe("true");
  });

  it("never lets a cell start with a formula character, quoted or not", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-composite" }), (text) => {
        const cell = escapeCsvCell(text);
        const content = cell.startsWith('"') ? cell.slice(1) : cell;
        expect(DANGEROUS.some((d) => content.startsWith(d))).toBe(false);
      }),
    );
  });

  it("round-trips through a CSV parse: the text comes back, behind a quote only if it looked like a formula", () => {
    const cell = fc.oneof(
      fc.string(),
      fc.constantFrom(...DANGEROUS).chain((d) => fc.string().map((s) => d + s)),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }), (rows) => {
        const parsed = parseCsv(toCsv(rows));
        expect(parsed).toEqual(
          rows.map((row) => row.map((text) => (DANGEROUS.some((d) => text.startsWith(d)) ? `'${text}` : text))),
        );
        for (const row of parsed) for (const text of row) expect(DANGEROUS.some((d) => text.startsWith(d))).toBe(false);
      }),
      { numRuns: 300 },
    );
  });
});

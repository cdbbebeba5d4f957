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
const SEPARATORS = /[,;\t\r\n]/;
const FORMULA = /^ *[=+\-@\uFF1D\uFF0B\uFF0D\uFF20]/;

describe("escapeCsvCell", () => {
  it.each([
    ['=HYPERLINK("http://evil")', '"\'=HYPERLINK(""http://evil"")"'],
    ["+1 555 0100", "'+1 555 0100"],
    ["-2+3", "'-2+3"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\tcmd", '"\'\tcmd"'],
    ["\rcmd", '"\'\rcmd"'],
    ["plain text", "plain text"],
    ["a, b", '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["a=b", "a=b"],
    ["", ""],
    // Regression: a spreadsheet splitting on ";" (or tab, or a line break) saw a formula.
    ["x;=1+1", '"x;\'=1+1"'],
    ["x; =1+1", '"x; \'=1+1"'],
    ["a,@SUM(A1)", '"a,\'@SUM(A1)"'],
    ["a\t+1", '"a\t\'+1"'],
    ["a\n-1", '"a\n\'-1"'],
    ["a;b", '"a;b"'],
    ["=1;=2;x", '"\'=1;\'=2;x"'],
    ["balance ≥ $10,000; no 2FA", '"balance ≥ $10,000; no 2FA"'],
    ["\uFF1D1+1", "'\uFF1D1+1"],
    ["x;\uFF0B1", '"x;\'\uFF0B1"'],
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

  it("round-trips through a CSV parse, with no segment between separators starting a formula", () => {
    // No single quotes in the input, so every quote in the output is one the writer added.
    const char = fc.constantFrom(..."ab1 ,;\t\r\n=+-@\"\uFF1D|x");
    const cell = fc.array(char, { maxLength: 12 }).map((chars) => chars.join(""));
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 6 }), (rows) => {
        const parsed = parseCsv(toCsv(rows));
        expect(parsed.map((row) => row.map((text) => text.replaceAll("'", "")))).toEqual(rows);
        for (const row of parsed) {
          for (const text of row) {
            expect(DANGEROUS.some((d) => text.startsWith(d))).toBe(false);
            for (const segment of text.split(SEPARATORS)) expect(segment).not.toMatch(FORMULA);
          }
        }
      }),
      { numRuns: 1000 },
    );
  });
});

import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CopyRowBuffer, type CopyValue } from "./pg-copy-row";

function encode(rows: readonly (readonly CopyValue[])[], capacity?: number): string {
  const buffer = new CopyRowBuffer(capacity);
  for (const row of rows) buffer.row(row);
  return buffer.take().toString("utf8");
}

describe("COPY CSV encoding", () => {
  it("distinguishes NULL from the empty string", () => {
    expect(encode([[null, undefined, ""]])).toBe(',,""\n');
  });

  it("quotes separators, quotes, newlines and backslashes", () => {
    expect(
      encode([["a,b", 'say "hi"', "two\nlines", "back\\slash", "cr\r", 3, true, new Date("2019-11-07T09:12:00Z")]]),
    ).toBe('"a,b","say ""hi""","two\nlines","back\\slash","cr\r",3,t,2019-11-07T09:12:00.000Z\n');
  });

  it("writes non-ASCII text as UTF-8, quoted only when it needs quoting", () => {
    expect(encode([["bücher.de", "Zoë, J", "😀"]])).toBe('bücher.de,"Zoë, J",😀\n');
  });

  it("numbers that are not finite are NULL", () => {
    expect(encode([[NaN, Infinity, -1.5]])).toBe(",,-1.5\n");
  });

  it("grows past its capacity and starts afresh after take", () => {
    const buffer = new CopyRowBuffer(4);
    buffer.row(["a much longer field than four bytes", "ü".repeat(10)]);
    expect(buffer.rows).toBe(1);
    expect(buffer.take().toString("utf8")).toBe(`a much longer field than four bytes,${"ü".repeat(10)}\n`);
    expect(buffer.length).toBe(0);
    expect(buffer.rows).toBe(0);
    buffer.row(["x"]);
    expect(buffer.take().toString("utf8")).toBe("x\n");
  });

  it("round-trips any text through a CSV parser", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: "binary", minLength: 1 }), { minLength: 1, maxLength: 6 }), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.integer({ min: 1, max: 64 }),
        (rows, capacity) => {
          const parsed = parse(encode(rows, capacity), { relax_column_count: true }) as string[][];
          expect(parsed).toEqual(rows);
        },
      ),
    );
  });
});

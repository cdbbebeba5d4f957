import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { copyField, copyRow } from "./pg-copy-row";

describe("COPY CSV encoding", () => {
  it("distinguishes NULL from the empty string", () => {
    expect(copyField(null)).toBe("");
    expect(copyField(undefined)).toBe("");
    expect(copyField("")).toBe('""');
  });

  it("quotes separators, quotes, newlines and backslashes", () => {
    expect(copyRow(["a,b", 'say "hi"', "two\nlines", "back\\slash", 3, true, new Date("2019-11-07T09:12:00Z")])).toBe(
      '"a,b","say ""hi""","two\nlines","back\\slash",3,t,2019-11-07T09:12:00.000Z\n',
    );
  });

  it("round-trips any text through a CSV parser", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary", minLength: 1 }), { minLength: 1, maxLength: 6 }), (fields) => {
        const [parsed] = parse(copyRow(fields), { relax_column_count: false }) as string[][];
        expect(parsed).toEqual(fields);
      }),
    );
  });
});

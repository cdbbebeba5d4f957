import { describe, expect, it } from "vitest";
import { describeHeader } from "./columns";
import { parseRecipientCsv } from "./recipients-csv";
import { chunked, collect } from "./test-input";

describe("describeHeader", () => {
  it("lists a few columns in full", () => {
    expect(describeHeader(["name", " batch ", ""])).toBe("name, batch");
    expect(describeHeader(["", " "])).toBe("no column names");
  });

  it("caps the list of a 10,000-column header and of very long names", () => {
    const header = Array.from({ length: 10_000 }, (_, i) => `column_${i}`);
    const text = describeHeader(header);
    expect(text.length).toBeLessThan(400);
    expect(text).toMatch(/and 9980 more$/);
    expect(describeHeader(["x".repeat(100_000)]).length).toBeLessThan(100);
  });
});

describe("a recipient list with very many columns and no address column", () => {
  const failure = async (columns: number) => {
    const header = Array.from({ length: columns }, (_, i) => `column_${i}`).join(",");
    const error = await collect(parseRecipientCsv(chunked(`${header}\n`, 65_536))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    return (error as Error).message;
  };

  it("fails with a short message that names a few of them", async () => {
    const message = await failure(999);
    expect(message).toMatch(/^No address column/);
    expect(message.length).toBeLessThan(1000);
  });

  it("fails at the field cap past 1,000 columns", async () => {
    expect(await failure(10_000)).toBe("Line 1 has more than 1000 fields; no import file has that many columns");
  });
});

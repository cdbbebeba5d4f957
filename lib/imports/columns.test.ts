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

describe("a recipient list with 10,000 columns and no address column", () => {
  it("fails with a short message", async () => {
    const header = Array.from({ length: 10_000 }, (_, i) => `column_${i}`).join(",");
    const error = await collect(parseRecipientCsv(chunked(`${header}\n`, 65_536))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/^No address column/);
    expect((error as Error).message.length).toBeLessThan(1000);
  });
});

import { describe, expect, it } from "vitest";
import { parseTriageQuery } from "./filter";
import { describeQueryErrors, triageQueryErrors } from "./query-errors";

describe("triage query errors", () => {
  it("names every invalid parameter once", () => {
    const { filter, page } = parseTriageQuery(
      { tier: "critical,severe", country: "GBR", sort: "name", size: "5" },
      { unmasked: true },
    );
    const errors = triageQueryErrors(filter, page);
    expect(errors.map((e) => e.param)).toEqual(["tier", "country", "sort", "size"]);
    expect(describeQueryErrors(errors)).toContain('"country": Countries are two-letter ISO codes.');
  });

  it("is empty for a valid query", () => {
    const { filter, page } = parseTriageQuery(
      { tier: "critical", twoFactor: "no", sort: "balance" },
      { unmasked: true },
    );
    expect(triageQueryErrors(filter, page)).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, parseTriageQuery, triageFilterToParams } from "./filter";

describe("triage filter in the URL", () => {
  it("parses lists, yes/no flags and defaults", () => {
    const { filter, page } = parseTriageQuery({ tier: "critical,high", twoFactor: "no", country: "gb,de", sort: "balance" });
    expect(filter.success && filter.data).toMatchObject({ tier: ["critical", "high"], twoFactor: "no", country: ["GB", "DE"], balance: [] });
    expect(page.success && page.data).toEqual({ sort: "balance", size: 50 });
  });

  it("rejects unknown values with the field named", () => {
    const { filter } = parseTriageQuery({ tier: "extreme" });
    expect(filter.success).toBe(false);
    expect(filter.error?.issues[0]?.path[0]).toBe("tier");
  });

  it("round-trips through URL parameters", () => {
    const { filter } = parseTriageQuery({ tier: "low", matched: "yes", q: "jane", group: "12" });
    const params = triageFilterToParams(filter.data!, { sort: "email" });
    expect(params.toString()).toBe("matched=yes&tier=low&group=12&q=jane&sort=email");
    expect(parseTriageQuery(Object.fromEntries(params)).filter.data).toEqual(filter.data);
  });

  it("encodes keyset cursors and ignores tampered ones", () => {
    expect(decodeCursor(encodeCursor("400000000123", 17))).toEqual({ value: "400000000123", id: 17 });
    expect(decodeCursor(encodeCursor(null, 3))).toEqual({ value: null, id: 3 });
    expect(decodeCursor("not-a-cursor")).toBeNull();
    expect(decodeCursor(Buffer.from('["x", "y"]').toString("base64url"))).toBeNull();
  });
});

import { describe, expect, it } from "vitest";
import { parseTriageQuery, triageFilterToParams, triageSortsFor } from "./filter";

const unmasked = { unmasked: true };
const masked = { unmasked: false };

describe("triage filter in the URL", () => {
  it("parses lists, yes/no flags and defaults", () => {
    const { filter, page } = parseTriageQuery({ tier: "critical,high", twoFactor: "no", country: "gb,de", sort: "balance" }, unmasked);
    expect(filter.success && filter.data).toMatchObject({ tier: ["critical", "high"], twoFactor: "no", country: ["GB", "DE"], balance: [] });
    expect(page.success && page.data).toEqual({ sort: "balance", size: 50 });
  });

  it("rejects unknown values with the field named", () => {
    const { filter } = parseTriageQuery({ tier: "extreme" }, unmasked);
    expect(filter.success).toBe(false);
    expect(filter.error?.issues[0]?.path[0]).toBe("tier");
  });

  it("round-trips through URL parameters", () => {
    const { filter } = parseTriageQuery({ tier: "low", matched: "yes", q: "jane", group: "12" }, unmasked);
    const params = triageFilterToParams(filter.data!, { sort: "email" });
    expect(params.toString()).toBe("matched=yes&tier=low&group=12&q=jane&sort=email");
    expect(parseTriageQuery(Object.fromEntries(params), unmasked).filter.data).toEqual(filter.data);
  });

  it("lets a viewer without unmasked addresses neither sort by address nor search for one", () => {
    const bySort = parseTriageQuery({ sort: "email" }, masked);
    expect(bySort.page.success).toBe(false);
    expect(bySort.page.error?.issues[0]?.path[0]).toBe("sort");
    for (const q of ["jane@example.com", "@example.com", "j@"]) {
      const search = parseTriageQuery({ q }, masked);
      expect(search.filter.success, q).toBe(false);
      expect(search.filter.error?.issues[0]?.path[0]).toBe("q");
    }
    expect(parseTriageQuery({ q: "ACC-000123", sort: "balance" }, masked).filter.success).toBe(true);
    expect(triageSortsFor(masked)).not.toContain("email");
    expect(triageSortsFor(unmasked)).toContain("email");
    expect(parseTriageQuery({ sort: "email", q: "jane@example.com" }, unmasked).page.success).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import type { FiredRule } from "../risk/explain";
import { constantTriageColumns, DEFAULT_TRIAGE_VIEW, mergeWhyChips, parseTriageTableView } from "./table-view";

const rule = (id: string, tier: FiredRule["tier"], reason: string): FiredRule => ({
  id,
  tier,
  title: `Title of ${id}`,
  reason,
});

describe("parseTriageTableView", () => {
  it("reads a stored view", () => {
    expect(parseTriageTableView('{"hidden":["country","seenBy"],"density":"compact"}')).toEqual({
      hidden: ["country", "seenBy"],
      density: "compact",
    });
  });
  it("falls back to the defaults for nothing, broken JSON or another shape", () => {
    expect(parseTriageTableView(null)).toEqual(DEFAULT_TRIAGE_VIEW);
    expect(parseTriageTableView("{not json")).toEqual(DEFAULT_TRIAGE_VIEW);
    expect(parseTriageTableView("42")).toEqual(DEFAULT_TRIAGE_VIEW);
  });
  it("drops unknown and repeated columns and unknown densities", () => {
    expect(parseTriageTableView('{"hidden":["email","action","why","why",3],"density":"tiny"}')).toEqual({
      hidden: ["why"],
      density: "comfortable",
    });
  });
});

describe("constantTriageColumns", () => {
  it("names the columns that say the same on every row", () => {
    const rows = [
      { seenBy: 999, country: "DE" },
      { seenBy: 999, country: "FR" },
    ];
    expect(constantTriageColumns(rows)).toEqual([{ column: "seenBy", label: "Seen by", value: "999" }]);
  });
  it("keeps every column for a single row, and a column of unknowns", () => {
    expect(constantTriageColumns([{ seenBy: 1, country: "DE" }])).toEqual([]);
    expect(
      constantTriageColumns([
        { seenBy: 1, country: null },
        { seenBy: 2, country: null },
      ]),
    ).toEqual([]);
  });
});

describe("mergeWhyChips", () => {
  it("folds the balance and 2FA rules into one chip with the highest tier, in the first one's place", () => {
    const merged = mergeWhyChips([
      rule("password_changed", "critical", "password changed 3 h after T0"),
      rule("balance_without_2fa", "high", "balance $12,000.00 and no 2FA"),
      rule("large_balance", "medium", "balance $12,000.00"),
      rule("no_2fa", "medium", "no 2FA"),
    ]);
    expect(merged.map((r) => [r.id, r.tier, r.reason])).toEqual([
      ["password_changed", "critical", "password changed 3 h after T0"],
      ["balance_without_2fa+large_balance+no_2fa", "high", "no 2FA, balance ≥ $10,000"],
    ]);
    expect(merged[1]!.title).toBe("Title of balance_without_2fa · Title of large_balance · Title of no_2fa");
  });
  it("names the smaller threshold when only the no-2FA balance rule fired", () => {
    const merged = mergeWhyChips([rule("balance_without_2fa", "high", "x"), rule("no_2fa", "medium", "no 2FA")]);
    expect(merged.map((r) => r.reason)).toEqual(["no 2FA, balance ≥ $1,000"]);
  });
  it("names the threshold of a lone large-balance rule, and leaves other rules alone", () => {
    const rules = [
      rule("large_balance", "medium", "balance $20,000.00"),
      rule("api_key_created", "high", "API key created"),
    ];
    expect(mergeWhyChips(rules)).toEqual([{ ...rules[0], reason: "balance ≥ $10,000" }, rules[1]]);
  });
});

import { describe, expect, it } from "vitest";
import { MAX_EXPLICIT_SELECTION } from "../triage/selection";
import { BrowserBulkSelection, BulkSelection, MAX_BROWSER_FILE_IDS } from "./contracts";

describe("the bulk selection contract", () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `acct-${i}`);

  it("is one shape: a filter, ticked rows (at most a page's worth) or a file of account ids", () => {
    expect(BulkSelection.safeParse({ kind: "filter", query: "tier=critical" }).success).toBe(true);
    expect(BulkSelection.safeParse({ kind: "ids", ids: [1, 2] }).success).toBe(true);
    expect(BulkSelection.safeParse({ kind: "ids", ids: [] }).success).toBe(false);
    expect(BulkSelection.safeParse({ kind: "ids", ids: Array.from({ length: MAX_EXPLICIT_SELECTION + 1 }, (_, i) => i + 1) }).success).toBe(false);
    expect(BulkSelection.safeParse({ kind: "accounts", externalIds: [] }).success).toBe(false);
  });

  it("takes larger files through the REST API than through the app's form", () => {
    const file = { kind: "accounts", externalIds: ids(MAX_BROWSER_FILE_IDS + 1) };
    expect(BulkSelection.safeParse(file).success).toBe(true);
    expect(BrowserBulkSelection.safeParse(file).success).toBe(false);
    expect(BrowserBulkSelection.safeParse({ kind: "accounts", externalIds: ids(MAX_BROWSER_FILE_IDS) }).success).toBe(true);
  });
});

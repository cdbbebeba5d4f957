import { describe, expect, it } from "vitest";
import {
  EMPTY_SELECTION,
  TriageSelectionInput,
  isRowSelected,
  pageCheckState,
  selectAllMatching,
  selectionSize,
  togglePage,
  toggleRow,
} from "./selection";

const page = [11, 12, 13];

describe("triage selection", () => {
  it("ticks and unticks single rows", () => {
    const one = toggleRow(EMPTY_SELECTION, 12, page);
    expect(isRowSelected(one, 12)).toBe(true);
    expect(pageCheckState(one, page)).toBe("some");
    expect(toggleRow(one, 12, page)).toEqual(EMPTY_SELECTION);
  });

  it("selects the page, then clears it", () => {
    const all = togglePage(EMPTY_SELECTION, page);
    expect(pageCheckState(all, page)).toBe("all");
    expect(selectionSize(all, 5000)).toBe(3);
    expect(togglePage(all, page)).toEqual(EMPTY_SELECTION);
  });

  it("selects every matching row, and narrows to the page when one row is unticked", () => {
    const everything = selectAllMatching("tier=critical");
    expect(selectionSize(everything, 5000)).toBe(5000);
    expect(isRowSelected(everything, 99)).toBe(true);
    expect(toggleRow(everything, 11, page)).toEqual({ allMatching: false, ids: [12, 13] });
  });

  it("validates what the browser sends", () => {
    expect(TriageSelectionInput.safeParse({ allMatching: true, query: "tier=critical" }).success).toBe(true);
    expect(TriageSelectionInput.safeParse({ allMatching: false, ids: [] }).success).toBe(false);
    expect(TriageSelectionInput.safeParse({ allMatching: false, ids: [1.5] }).success).toBe(false);
    expect(TriageSelectionInput.safeParse({ allMatching: "yes", query: "" }).success).toBe(false);
  });
});

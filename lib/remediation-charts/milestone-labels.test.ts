import { describe, expect, it } from "vitest";
import { milestoneLabels } from "./milestone-labels";

const HOUR = 3_600_000;
const m = (key: string, hours: number) => ({ key, label: key, at: hours * HOUR });

describe("milestoneLabels", () => {
  it("labels milestones far apart one by one", () => {
    expect(milestoneLabels([m("a", 0), m("b", 10), m("c", 20)], 24 * HOUR)).toEqual(["1", "2", "3"]);
  });

  it("labels a run of close milestones once, on its first line, however long the run", () => {
    // On a seven-year axis the whole first day is one point.
    const close = [m("aware", 0), m("contained", 0.5), m("customers", 26), m("regulator", 31), m("late", 60_000)];
    expect(milestoneLabels(close, 61_000 * HOUR)).toEqual(["1–4", null, null, null, "5"]);
  });

  it("keeps every label on an axis of no length", () => {
    expect(milestoneLabels([m("a", 0)], 0)).toEqual(["1"]);
    expect(milestoneLabels([], 10)).toEqual([]);
  });
});

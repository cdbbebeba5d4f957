import { describe, expect, it } from "vitest";
import { runLength } from "./run-length";

describe("runLength", () => {
  it("starts at one unit and at most doubles while units stay under the budget", () => {
    const run = runLength({ budgetMs: 250, max: 10 });
    expect(run.next()).toBe(1);
    run.record(1, 50);
    expect(run.next()).toBe(2);
    run.record(2, 100);
    expect(run.next()).toBe(4);
    run.record(4, 200);
    expect(run.next()).toBe(5);
  });

  it("shrinks to what fits when a claim ran past the budget, never below one nor above the maximum", () => {
    const run = runLength({ budgetMs: 250, max: 3 });
    run.record(1, 10);
    run.record(2, 10);
    run.record(3, 10);
    expect(run.next()).toBe(3);
    run.record(3, 600);
    expect(run.next()).toBe(1);
    run.record(1, 5_000);
    expect(run.next()).toBe(1);
  });
});

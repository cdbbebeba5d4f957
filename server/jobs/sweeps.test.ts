import { describe, expect, it } from "vitest";
import { RetryAfterFailure } from "./sweeps";

describe("RetryAfterFailure", () => {
  const at = new Date("2026-12-07T10:00:00Z");
  const later = (ms: number) => new Date(at.getTime() + ms);

  it("holds a failed key back for its time while the others go ahead, then offers it again", () => {
    const retry = new RetryAfterFailure(600_000);
    expect(retry.due(["a", "b", "c"], (k) => k, at, 1)).toEqual(["a"]);
    retry.failed("a", at);
    // One more candidate is read for each key held back, so that the limit is still met.
    expect(retry.toRead(1)).toBe(2);
    expect(retry.due(["a", "b", "c"], (k) => k, later(599_999), 1)).toEqual(["b"]);
    expect(retry.due(["a", "b", "c"], (k) => k, later(600_001), 2)).toEqual(["a", "b"]);
    retry.succeeded("a");
    expect(retry.toRead(1)).toBe(1);
    expect(retry.due([{ id: "a" }], (c) => c.id, at, 1)).toEqual([{ id: "a" }]);
  });
});

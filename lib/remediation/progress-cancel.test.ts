import { describe, expect, it } from "vitest";
import { settlingAfterCancel } from "./progress";

describe("a cancelled bulk action's live view", () => {
  const counts = { total: 10, succeeded: 4, skipped: 0, failed: 0, cancelled: 5 };

  it("stays live while items already sent to the exchange are being confirmed", () => {
    expect(settlingAfterCancel({ ...counts, status: "cancelled", finishedAt: null })).toBe(true);
  });

  it("stops once the action has finished, or when nothing is left", () => {
    expect(settlingAfterCancel({ ...counts, status: "cancelled", finishedAt: "2026-12-07T20:00:00.000Z" })).toBe(false);
    expect(settlingAfterCancel({ ...counts, cancelled: 6, status: "cancelled", finishedAt: null })).toBe(false);
    expect(settlingAfterCancel({ ...counts, status: "running", finishedAt: null })).toBe(false);
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor";

describe("timeline cursors", () => {
  it("keeps the first and last instants of years 1 to 9999", () => {
    for (const iso of ["0001-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z"]) {
      const id = "00000000-0000-0000-0000-000000000000";
      expect(decodeCursor(encodeCursor({ occurredAt: new Date(iso), id }))?.occurredAt.toISOString()).toBe(iso);
    }
  });

  it("decodes nothing that is not a valid instant, whatever the text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.uuid(), fc.integer({ min: -1e16, max: 1e16 }), (text, id, ms) => {
        for (const candidate of [text, `${ms.toString(36)}.${id}`, `${text}.${id}`]) {
          const decoded = decodeCursor(candidate);
          if (decoded !== null) expect(Number.isNaN(decoded.occurredAt.getTime())).toBe(false);
          if (decoded !== null) expect(decoded.occurredAt.getUTCFullYear()).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("round-trip any time and event id", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date(0), max: new Date("2100-01-01"), noInvalidDate: true }),
        fc.uuid(),
        (date, id) => {
          expect(decodeCursor(encodeCursor({ occurredAt: date, id }))).toEqual({ occurredAt: date, id });
        },
      ),
    );
  });

  it.each([
    null,
    "",
    "abc",
    ".0b3c-uuid",
    "zz.not-a-uuid",
    "1.2.3",
    "k2v1.x",
    "+1.00000000-0000-0000-0000-000000000000",
    // Regression: times that no Date (or no PostgreSQL timestamp) can hold.
    `${(8.64e15 + 1).toString(36)}.00000000-0000-0000-0000-000000000000`,
    `${Number.MAX_SAFE_INTEGER.toString(36)}.00000000-0000-0000-0000-000000000000`,
    `${(-8.64e15).toString(36)}.00000000-0000-0000-0000-000000000000`,
    `${(-62_135_596_800_001).toString(36)}.00000000-0000-0000-0000-000000000000`,
    `${(253_402_300_800_000).toString(36)}.00000000-0000-0000-0000-000000000000`,
  ])("rejects %j", (value) => {
    expect(decodeCursor(value)).toBeNull();
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "./cursor";

describe("timeline cursors", () => {
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
  ])("rejects %j", (value) => {
    expect(decodeCursor(value)).toBeNull();
  });
});

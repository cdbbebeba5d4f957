import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { TRIAGE_SORTS } from "../../lib/triage/filter";
import { openTriageCursor, sealTriageCursor } from "./triage-cursor";

vi.mock("../auth/secret", () => ({ authSecret: () => "test-secret-of-at-least-thirty-two-characters" }));

const INCIDENT = "b9554693-5b77-418f-a160-eb3a463dd0c1";
const OTHER = "3f1c2a4e-8b7d-4c1a-9e2f-0a1b2c3d4e5f";

describe("triage cursors", () => {
  // Regression: the cursor was the last row's normalised address in base64.
  it("reveal nothing of the row: neither its address nor its id", () => {
    const cursor = sealTriageCursor(INCIDENT, "email", { value: "jane.doe@example.com", id: 4242 });
    const bytes = Buffer.from(cursor, "base64url").toString("latin1");
    expect(bytes).not.toContain("jane.doe");
    expect(bytes).not.toContain("example.com");
    expect(bytes).not.toContain("4242");
    expect(openTriageCursor(INCIDENT, "email", cursor)).toEqual({ value: "jane.doe@example.com", id: 4242 });
    // Sealed twice, the same position gives different text: no comparing cursors either.
    expect(sealTriageCursor(INCIDENT, "email", { value: "jane.doe@example.com", id: 4242 })).not.toBe(cursor);
  });

  it("open only for the incident and sort they were made for", () => {
    const cursor = sealTriageCursor(INCIDENT, "risk", { value: "400000000123", id: 17 });
    expect(openTriageCursor(INCIDENT, "risk", cursor)).toEqual({ value: "400000000123", id: 17 });
    expect(openTriageCursor(OTHER, "risk", cursor)).toBeNull();
    expect(openTriageCursor(INCIDENT, "balance", cursor)).toBeNull();
  });

  // Regression: a crafted value of the wrong type went into the SQL and failed the page.
  it("refuse anything forged, tampered with or of the wrong type for the sort", () => {
    const cursor = sealTriageCursor(INCIDENT, "last_event", { value: "2019-11-07 09:12:00.123456+00", id: 3 });
    expect(openTriageCursor(INCIDENT, "last_event", cursor)?.value).toBe("2019-11-07 09:12:00.123456+00");
    const bytes = Buffer.from(cursor, "base64url");
    for (let i = 0; i < bytes.length; i++) {
      const flipped = Buffer.from(bytes);
      flipped[i] = (flipped[i] ?? 0) ^ 1;
      expect(openTriageCursor(INCIDENT, "last_event", flipped.toString("base64url"))).toBeNull();
    }
    const old = (value: unknown, id: unknown) => Buffer.from(JSON.stringify([value, id])).toString("base64url");
    for (const forged of [
      old("jane@example.com", 1),
      old("400000000123", 17),
      "garbage",
      "",
      "%00",
      "a".repeat(1000),
    ]) {
      expect(openTriageCursor(INCIDENT, "risk", forged), forged).toBeNull();
    }
    // Values of the wrong type, even when sealed with the right key.
    expect(
      openTriageCursor(INCIDENT, "risk", sealTriageCursor(INCIDENT, "risk", { value: "not a number", id: 1 })),
    ).toBeNull();
    expect(
      openTriageCursor(INCIDENT, "risk", sealTriageCursor(INCIDENT, "risk", { value: "99999999999999999999", id: 1 })),
    ).toBeNull();
    expect(
      openTriageCursor(INCIDENT, "last_event", sealTriageCursor(INCIDENT, "last_event", { value: "yesterday", id: 1 })),
    ).toBeNull();
    expect(
      openTriageCursor(INCIDENT, "risk", sealTriageCursor(INCIDENT, "risk", { value: "1", id: 2_147_483_648 })),
    ).toBeNull();
  });

  it("never throw on arbitrary text, and round-trip any valid position", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.constantFrom(...TRIAGE_SORTS), (text, sort) => {
        expect(openTriageCursor(INCIDENT, sort, text)).toBeNull();
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
        fc.integer({ min: 1, max: 2_147_483_647 }),
        (value, id) => {
          const cursor = sealTriageCursor(INCIDENT, "balance", { value: String(value), id });
          expect(cursor.length).toBeLessThanOrEqual(1000);
          expect(openTriageCursor(INCIDENT, "balance", cursor)).toEqual({ value: String(value), id });
        },
      ),
      { numRuns: 1000 },
    );
  });
});

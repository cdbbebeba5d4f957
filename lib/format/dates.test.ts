import { describe, expect, it } from "vitest";
import { formatUtc, formatUtcTime } from "./dates";

describe("UTC date formatting", () => {
  it("always shows UTC, whatever the machine's zone", () => {
    expect(formatUtc(new Date("2019-11-07T09:12:00Z"))).toBe("7 Nov 2019, 09:12 UTC");
    expect(formatUtcTime("2019-11-07T23:59:00Z")).toBe("23:59");
  });
});

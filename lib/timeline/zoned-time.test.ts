import { describe, expect, it } from "vitest";
import { formatInZone, isValidTimeZone, utcToWallTime, wallTimeToUtc } from "./zoned-time";

describe("wall times in IANA zones", () => {
  it.each([
    ["2019-11-07T09:12", "UTC", "2019-11-07T09:12:00.000Z"],
    ["2019-11-07T09:12", "Europe/London", "2019-11-07T09:12:00.000Z"],
    ["2019-07-01T12:00", "Europe/Berlin", "2019-07-01T10:00:00.000Z"],
    ["2019-11-07T04:12", "America/New_York", "2019-11-07T09:12:00.000Z"],
    ["2019-11-07T14:42:30", "Asia/Kolkata", "2019-11-07T09:12:30.000Z"],
    // Just after the spring-forward change in Berlin.
    ["2019-03-31T03:30", "Europe/Berlin", "2019-03-31T01:30:00.000Z"],
    // 01:30 happens twice in London on 27 Oct 2019: the earlier one.
    ["2019-10-27T01:30", "Europe/London", "2019-10-27T00:30:00.000Z"],
    // 01:30 never happens in London on 31 Mar 2019: read with the old offset.
    ["2019-03-31T01:30", "Europe/London", "2019-03-31T01:30:00.000Z"],
  ])("%s in %s is %s", (wall, zone, iso) => {
    expect(wallTimeToUtc(wall, zone)?.toISOString()).toBe(iso);
  });

  it("rejects text that is not a wall time and unknown zones", () => {
    expect(wallTimeToUtc("2019-02-30T10:00", "UTC")).toBeNull();
    expect(wallTimeToUtc("2019-01-01T24:30", "UTC")).toBeNull();
    // Found by the property tests: Date.UTC read year 0050 as 1950.
    expect(wallTimeToUtc("0050-06-01T12:00", "UTC")?.toISOString()).toBe("0050-06-01T12:00:00.000Z");
    expect(wallTimeToUtc("0001-01-01T00:00", "UTC")?.toISOString()).toBe("0001-01-01T00:00:00.000Z");
    expect(wallTimeToUtc("yesterday", "UTC")).toBeNull();
    expect(wallTimeToUtc("2019-11-07T09:12", "Mars/Olympus_Mons")).toBeNull();
    expect(isValidTimeZone("Europe/London")).toBe(true);
    expect(isValidTimeZone("Europe/Londres")).toBe(false);
    expect(isValidTimeZone("")).toBe(false);
  });

  it("formats an instant back to the wall time a datetime-local input shows", () => {
    const instant = new Date("2019-11-07T09:12:45Z");
    expect(utcToWallTime(instant, "Europe/Berlin")).toBe("2019-11-07T10:12");
    expect(wallTimeToUtc(utcToWallTime(instant, "Asia/Tokyo"), "Asia/Tokyo")?.toISOString()).toBe(
      "2019-11-07T09:12:00.000Z",
    );
  });

  it("names the zone's abbreviation when formatting", () => {
    expect(formatInZone(new Date("2019-11-07T09:12:00Z"), "Europe/Berlin")).toBe("7 Nov 2019, 10:12 CET");
    expect(formatInZone(new Date("2019-07-07T09:12:00Z"), "UTC")).toBe("7 Jul 2019, 09:12 UTC");
  });
});

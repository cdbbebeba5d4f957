// Converting between UTC instants and wall-clock times in IANA zones with
// nothing but Intl, so that the browser and the server agree.

export function isValidTimeZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat("en-GB", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(zone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partsFormatters.set(zone, formatter);
  }
  return formatter;
}

// Date.UTC reads years 0 to 99 as 1900 to 1999 (found by the property tests):
// a time in year 50 came out in 1950.
function utcMs(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, 0);
  return date.getTime();
}

/** The zone's offset from UTC at `instant`, in milliseconds (positive east of Greenwich). */
export function zoneOffsetMs(instant: Date, zone: string): number {
  const parts = Object.fromEntries(
    partsFormatter(zone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  const asUtc = utcMs(
    Number(parts.year),
    Number(parts.month),
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

const WALL_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * The instant at which clocks in `zone` showed `wallTime` ("2019-11-07T09:12",
 * as a datetime-local input gives it). In a DST gap the time is read with the
 * offset before the change; in an overlap, the earlier of the two instants.
 * Null for text that is not such a time.
 */
export function wallTimeToUtc(wallTime: string, zone: string): Date | null {
  const m = WALL_TIME.exec(wallTime);
  if (!m || !isValidTimeZone(zone)) return null;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = m.slice(1).map((part) => Number(part ?? 0));
  const asUtc = utcMs(year, month, day, hour, minute, second);
  const check = new Date(asUtc);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute
  ) {
    return null;
  }
  // Two passes settle on the right offset everywhere but in a gap.
  const first = asUtc - zoneOffsetMs(new Date(asUtc), zone);
  const earlier = asUtc - zoneOffsetMs(new Date(first - 3_600_000), zone);
  const later = asUtc - zoneOffsetMs(new Date(first), zone);
  for (const candidate of [earlier, later]) {
    if (candidate + zoneOffsetMs(new Date(candidate), zone) === asUtc) return new Date(candidate);
  }
  return new Date(earlier);
}

/** "2019-11-07T09:12": the instant as a datetime-local input in `zone` shows it. */
export function utcToWallTime(instant: Date, zone: string): string {
  const local = new Date(Math.floor(instant.getTime() / 60_000) * 60_000 + zoneOffsetMs(instant, zone));
  return local.toISOString().slice(0, 16);
}

const zonedFormatters = new Map<string, Intl.DateTimeFormat>();

/** "7 Nov 2019, 10:12 CET": the instant as people in `zone` saw their clocks. */
export function formatInZone(instant: Date, zone: string): string {
  let formatter = zonedFormatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      hour12: false,
      timeZoneName: "short",
    });
    zonedFormatters.set(zone, formatter);
  }
  return formatter.format(instant);
}

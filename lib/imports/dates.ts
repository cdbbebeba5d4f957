/*
 * Timestamps in imported files. Accepted:
 * - ISO 8601 / RFC 3339: `2024-03-01`, `2024-03-01T10:00`, `2024-03-01 10:00:00.123+02:00`,
 *   `...Z`, offsets as +hh, +hhmm or +hh:mm;
 * - RFC 5322 mail dates: `Fri, 1 Mar 2024 10:00:00 +0000`;
 * - Unix time: 9-10 digits (seconds) or 12-13 digits (milliseconds).
 * Day/month orders such as `01/02/2024` are refused: they are ambiguous between countries.
 * A time without a zone is read as UTC unless the caller requires a zone (security events,
 * whose order against the leak matters to the hour).
 */

export type TimestampResult = { ok: true; date: Date } | { ok: false; reason: string };

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?)?$/;
const MAIL =
  /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s+(?:([+-])(\d{2})(\d{2})|UT|UTC|GMT|Z)$/;
const EPOCH = /^\d{9,10}$|^\d{12,13}$/;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

const INVALID: TimestampResult = { ok: false, reason: "invalid date" };
const NO_ZONE: TimestampResult = { ok: false, reason: "time without time zone" };

function build(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millis: number,
  offsetMinutes: number,
): TimestampResult {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return INVALID;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC rolls 31 February over into March and years below 100 into the 1900s; a
  // round trip catches both.
  const check = new Date(local);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1 || check.getUTCFullYear() !== year) {
    return INVALID;
  }
  return { ok: true, date: new Date(local - offsetMinutes * 60_000) };
}

function offset(sign: string | undefined, hours: string | undefined, minutes: string | undefined): number | null {
  if (sign === undefined) return 0;
  const h = Number(hours);
  const m = minutes === undefined ? 0 : Number(minutes);
  if (h > 14 || m > 59) return null;
  return (sign === "-" ? -1 : 1) * (h * 60 + m);
}

export function parseTimestamp(text: string, options: { requireZone: boolean }): TimestampResult {
  const value = text.trim();
  const iso = ISO.exec(value);
  if (iso !== null) {
    const [, y, mo, d, h, mi, s, fraction, zulu, sign, oh, om] = iso;
    const hasZone = zulu !== undefined || sign !== undefined;
    if (options.requireZone && !hasZone) return NO_ZONE;
    const minutes = offset(sign, oh, om);
    if (minutes === null) return INVALID;
    const millis = fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000);
    return build(Number(y), Number(mo), Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0), millis, minutes);
  }
  const mail = MAIL.exec(value);
  if (mail !== null) {
    const [, d, monthName, y, h, mi, s, sign, oh, om] = mail;
    const month = MONTHS.indexOf((monthName ?? "").toLowerCase()) + 1;
    const minutes = offset(sign, oh, om);
    if (month === 0 || minutes === null) return INVALID;
    return build(Number(y), month, Number(d), Number(h), Number(mi), Number(s ?? 0), 0, minutes);
  }
  if (EPOCH.test(value)) {
    const n = Number(value);
    return { ok: true, date: new Date(value.length <= 10 ? n * 1000 : n) };
  }
  return INVALID;
}

import { z } from "zod";

/*
 * What PostgreSQL can store, checked at the boundary so that a value the
 * database would refuse is a validation error naming its field, not a 500
 * (found by the property tests of the input schemas). Its text
 * cannot hold a NUL character, and its timestamps run from 4713 BC, but an
 * ISO 8601 time has four-digit years and the driver writes year 0 as "0000",
 * which PostgreSQL (having no year 0) refuses: so instants are kept to years
 * 1 to 9999, in UTC.
 */

export const NUL_MESSAGE = "Text cannot contain a NUL character.";
const EARLIEST_INSTANT = new Date("0001-01-01T00:00:00.000Z");
const LATEST_INSTANT = new Date("9999-12-31T23:59:59.999Z");
export const INSTANT_RANGE_MESSAGE = "Give a time between the years 1 and 9999.";

export function hasNoNul(text: string): boolean {
  return !text.includes("\u0000");
}

export function isStorableInstant(date: Date): boolean {
  const ms = date.getTime();
  return ms >= EARLIEST_INSTANT.getTime() && ms <= LATEST_INSTANT.getTime();
}

/** A string the database can store (chain .trim(), .min(), .max() as usual). */
export function storableText(params?: Parameters<typeof z.string>[0]) {
  return z.string(params).refine(hasNoNul, NUL_MESSAGE);
}

/** z.coerce.date() kept to what the database stores. */
export function storableDate(params?: Parameters<typeof z.coerce.date>[0]) {
  return z.coerce.date(params).refine(isStorableInstant, INSTANT_RANGE_MESSAGE);
}

// Anything shaped like an e-mail address inside text (a note, a reason, a
// search in a filter). The same pattern as the SQL that forgets an incident's
// free text (server/forget/sql/pseudonym-sql.ts).
const ADDRESS_IN_TEXT = /[^\s<>()",;:@]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;

const REDACTED_ADDRESS = "[address removed]";

/** `text` with every address in it replaced by "[address removed]". */
export function redactAddresses(text: string): string {
  // Most texts have no "@" (ids, names, reasons): no need to run the pattern over them.
  return text.includes("@") ? text.replace(ADDRESS_IN_TEXT, REDACTED_ADDRESS) : text;
}

/** A JSON value with every address in its strings replaced (keys are left as they are). */
export function redactAddressesIn<T>(value: T): T {
  if (typeof value === "string") return redactAddresses(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactAddressesIn(v)) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactAddressesIn(v)])) as T;
  }
  return value;
}

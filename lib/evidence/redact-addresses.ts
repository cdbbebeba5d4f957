// An evidence pack must carry no customer's e-mail address, yet free text
// (timeline entries, a campaign's audience filter, a bulk action's reason)
// may quote one. Every address-shaped token is replaced, except those of the
// instance's own people (staff, the controller's and DPO's contacts), which
// the record needs and which are no customer's.

const ADDRESS =
  /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+/g;

export const REDACTED_ADDRESS = "[address removed]";

/** The addresses quoted in a text, lower-cased (a contact line such as "DPO, dpo@x.example, +44 ..."). */
export function addressesIn(text: string): string[] {
  return (text.match(ADDRESS) ?? []).map((address) => address.toLowerCase());
}

function redactText(text: string, keep: ReadonlySet<string>): string {
  return text.replace(ADDRESS, (address) => (keep.has(address.toLowerCase()) ? address : REDACTED_ADDRESS));
}

/** The value with every string (at any depth) redacted; `keep` holds lower-cased addresses. */
export function redactAddresses<T>(value: T, keep: ReadonlySet<string>): T {
  if (typeof value === "string") return redactText(value, keep) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => redactAddresses(item, keep)) as T;
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactAddresses(v, keep)])) as T;
  }
  return value;
}

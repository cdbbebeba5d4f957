import { isIP } from "node:net";

/**
 * The source a per-address limit counts: an IPv4 address itself, an IPv6
 * address's /64 (one customer line or host usually has a whole /64, so
 * counting single IPv6 addresses would give a sender 2^64 fresh limits).
 * Anything else (e.g. "unknown") as given.
 */
export function addressBlock(address: string): string {
  if (isIP(address) !== 6) return address;
  const [head = "", tail] = address.toLowerCase().split("%")[0]!.split("::");
  const left = head ? head.split(":") : [];
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  // An embedded IPv4 tail (::1.2.3.4) counts as two groups; only the first four matter here.
  const width = right.reduce((n, group) => n + (group.includes(".") ? 2 : 1), 0);
  const groups =
    tail === undefined ? left : [...left, ...Array<string>(Math.max(0, 8 - left.length - width)).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => (group.includes(".") ? group : group.replace(/^0+(?=.)/, "")))
    .join(":")}::/64`;
}

import { isIP } from "node:net";

/**
 * The header the app's own HTTP server (scripts/serve.mjs) sets to the TCP
 * peer's address on every request, replacing anything a client sent under
 * that name.
 */
export const PEER_ADDRESS_HEADER = "x-breachdesk-peer-address";

function normalize(address: string | undefined | null): string | null {
  if (!address) return null;
  let value = address.trim();
  if (value.startsWith("[") && value.includes("]")) value = value.slice(1, value.indexOf("]"));
  if (value.toLowerCase().startsWith("::ffff:") && isIP(value.slice(7)) === 4) value = value.slice(7);
  return isIP(value) ? value.toLowerCase() : null;
}

/**
 * The client's IP address for rate limits and the audit log. The socket
 * peer is the client, unless it is one of the configured trusted proxies: then
 * X-Forwarded-For is read from the right (each proxy appends the address it
 * saw), skipping trusted proxies, and the first address not ours is the
 * client. Whatever a client writes at the left of the header is never read.
 */
export function clientIp(input: {
  peer: string | undefined | null;
  forwardedFor: string | undefined | null;
  trustedProxies: readonly string[];
}): string {
  const peer = normalize(input.peer);
  if (!peer) return "unknown";
  const trusted = new Set(input.trustedProxies.map(normalize).filter((ip): ip is string => ip !== null));
  if (!trusted.has(peer)) return peer;
  const hops = (input.forwardedFor ?? "").split(",").map(normalize);
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i];
    if (hop === null || hop === undefined) return peer; // a malformed hop: trust nothing past it
    if (!trusted.has(hop)) return hop;
  }
  return peer;
}

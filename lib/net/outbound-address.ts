import { BlockList, isIP } from "node:net";

// Where outgoing requests (webhooks, chat) must never go unless an admin
// allowed the host: this machine, the private networks, link-local (and the
// cloud metadata service on it), unique-local, and the other special ranges.
const V4: [string, number][] = [
  ["0.0.0.0", 8], // "this network"
  ["10.0.0.0", 8],
  ["100.64.0.0", 10], // carrier-grade NAT
  ["127.0.0.0", 8],
  ["169.254.0.0", 16], // link-local, 169.254.169.254 metadata
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4], // multicast
  ["240.0.0.0", 4], // reserved, broadcast
];
const V6: [string, number][] = [
  ["::", 128], // unspecified
  ["::1", 128], // loopback
  ["64:ff9b::", 96], // NAT64 (embeds IPv4)
  ["100::", 64], // discard
  ["2001:db8::", 32], // documentation
  ["fc00::", 7], // unique-local
  ["fe80::", 10], // link-local
  ["fec0::", 10], // site-local (deprecated)
  ["ff00::", 8], // multicast
  ["fd00:ec2::254", 128], // AWS metadata over IPv6 (inside fc00::/7, named for clarity)
];

const blocked = new BlockList();
for (const [net, prefix] of V4) blocked.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of V6) blocked.addSubnet(net, prefix, "ipv6");

/** The IPv4 address inside an IPv4-mapped or -compatible IPv6 one (::ffff:10.0.0.1, ::ffff:a00:1), else null. */
function embeddedIpv4(address: string): string | null {
  const lower = address.toLowerCase();
  const m = /^(?:0{0,4}:){0,4}:?(?:0{0,4}:)?(?:ffff:)?(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (m && lower.startsWith("::")) return m[1]!;
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) {
    const hi = parseInt(hex[1]!, 16);
    const lo = parseInt(hex[2]!, 16);
    return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  }
  return null;
}

/**
 * Why an outgoing request must not go to this IP address (a sentence), or
 * null when it may. Anything that is not an IP address is refused.
 */
export function forbiddenAddressReason(address: string): string | null {
  const bare = address.replace(/^\[|\]$/g, "").split("%")[0]!;
  const family = isIP(bare);
  if (family === 0) return `${address} is not an IP address.`;
  if (family === 6) {
    const v4 = embeddedIpv4(bare);
    if (v4) return forbiddenAddressReason(v4);
    return blocked.check(bare, "ipv6") ? `${bare} is a private, loopback, link-local or reserved address.` : null;
  }
  return blocked.check(bare, "ipv4") ? `${bare} is a private, loopback, link-local or reserved address.` : null;
}

/** Whether `host` is on the admins' allow-list (exact host names, case-insensitive). */
export function hostAllowed(host: string, allowList: readonly string[]): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return allowList.some((entry) => entry.toLowerCase() === h);
}

import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { forbiddenAddressReason, hostAllowed } from "../../lib/net/outbound-address";
import { env } from "../env";

/** Where a request will go: the URL and the one address it was checked at (pinned for the request). */
export type OutboundTarget = { url: URL; address: string; family: 4 | 6 };

export class OutboundRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OutboundRefused";
  }
}

/**
 * Resolves a destination's host and refuses it when any of its addresses is
 * private, loopback, link-local, unique-local or reserved (the cloud metadata
 * service among them), unless an admin allowed the host by name
 * (BREACHDESK_OUTBOUND_ALLOW_HOSTS). Called when a destination is saved and
 * again before every delivery (a DNS answer can change: rebinding); the
 * request then connects to the address checked here, not to a new lookup.
 */
export async function resolveOutboundTarget(
  rawUrl: string,
  allowHosts: readonly string[] = env().BREACHDESK_OUTBOUND_ALLOW_HOSTS,
): Promise<OutboundTarget> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new OutboundRefused("That is not a URL.");
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new OutboundRefused("Only http(s) URLs can receive events.");
  if (url.username || url.password) throw new OutboundRefused("Put no user name or password in the URL.");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const allowed = hostAllowed(host, allowHosts);
  if (url.protocol === "http:" && !allowed) throw new OutboundRefused("Use https (plain http only for a host on the allow-list).");
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await lookup(host, { all: true, verbatim: true }).catch(() => []);
  if (addresses.length === 0) throw new OutboundRefused(`${host} does not resolve.`);
  if (!allowed) {
    for (const { address } of addresses) {
      const reason = forbiddenAddressReason(address);
      if (reason) throw new OutboundRefused(`${host} resolves to a forbidden address: ${reason} Ask an admin to allow the host if it is meant.`);
    }
  }
  const first = addresses[0]!;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** A URL as shown back to admins: scheme, host and a hint of the path, never the secret parts of a chat webhook URL. */
export function maskedUrl(rawUrl: string | null): string | null {
  if (!rawUrl) return null;
  try {
    const url = new URL(rawUrl);
    return `${url.protocol}//${url.host}/…`;
  } catch {
    return "…";
  }
}

// The header name is lib/net/client-ip.ts's PEER_ADDRESS_HEADER.
export const PEER_ADDRESS_HEADER = "x-breachdesk-peer-address";

/**
 * Wraps a Node request listener: every request carries the TCP peer's address
 * in PEER_ADDRESS_HEADER, overwriting whatever a client sent under that name.
 * `next start` offers no such thing (it keeps a client's X-Forwarded-For), and
 * the sign-in throttle must not be reset by a header a client chooses.
 */
export function withPeerAddress(listener) {
  return (req, res) => {
    req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? "";
    return listener(req, res);
  };
}

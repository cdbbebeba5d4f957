import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";

export declare const PEER_ADDRESS_HEADER: "x-breachdesk-peer-address";
export declare function withPeerAddress(
  listener: (req: IncomingMessage, res: ServerResponse) => unknown,
): RequestListener;

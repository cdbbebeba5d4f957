import type { IncomingMessage, ServerResponse } from "node:http";

export declare function contentSecurityPolicy(input: { nonce: string; dev: boolean; https: boolean }): string;
export declare const STRICT_TRANSPORT_SECURITY: string;
export declare function newNonce(): string;
export declare function applyPageSecurity(
  req: IncomingMessage,
  res: ServerResponse,
  options: { dev: boolean },
): boolean;

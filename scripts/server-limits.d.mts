import type { RequestListener, Server } from "node:http";

export type ServerLimits = {
  headersTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
  connectionsCheckingInterval: number;
  maxHeadersCount: number;
  maxRequestsPerSocket: number;
};
export declare function serverLimits(environment?: Record<string, string | undefined>): ServerLimits;
export declare function createLimitedServer(limits: ServerLimits, listener: RequestListener): Server;

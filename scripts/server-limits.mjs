// Timeouts and limits of the app's Node HTTP server (serve.mjs), from the
// environment. Node's defaults leave a connection that sends its headers a
// byte at a time open for a minute, then up to 30 s more until the next
// check (a slowloris: many such connections and no socket is left), and cut
// any request still arriving after 5 minutes (a large upload on a slow link).
//
//   BREACHDESK_HEADERS_TIMEOUT_MS     all of a request's headers must arrive within this (default 66 s)
//   BREACHDESK_REQUEST_TIMEOUT_MS     the whole request, body included (default 1 hour: an upload of
//                                     BREACHDESK_MAX_UPLOAD_BYTES, 512 MiB, at about 1.2 Mbit/s)
//   BREACHDESK_KEEP_ALIVE_TIMEOUT_MS  an idle kept-alive connection closes after this (default 65 s: longer
//                                     than a proxy's idle timeout, 60 s for nginx and AWS load balancers, so
//                                     the proxy closes first and never sends on a socket we are closing)
// The headers timeout must be above the keep-alive one (Node's advice: else
// an idle kept-alive connection may be ended by the headers timeout, with a
// 408 a proxy can pass on, before its keep-alive end), and the request
// timeout at least the headers one (Node refuses otherwise).
import http from "node:http";

const DEFAULTS = {
  BREACHDESK_HEADERS_TIMEOUT_MS: 66_000,
  BREACHDESK_REQUEST_TIMEOUT_MS: 3_600_000,
  BREACHDESK_KEEP_ALIVE_TIMEOUT_MS: 65_000,
};

/** Browsers and proxies send a few dozen headers; Node's default allows 2,000. */
const MAX_HEADERS_COUNT = 200;
/**
 * A kept-alive connection serves this many requests, then closes: with one
 * web process per core sharing the port, a long-lived connection moves to
 * whichever process accepts it next instead of staying on one.
 */
const MAX_REQUESTS_PER_SOCKET = 1_000;

function milliseconds(environment, name) {
  const text = environment[name];
  if (text === undefined || text === "") return DEFAULTS[name];
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 24 * 3_600_000)
    throw new Error(`${name} must be a whole number of milliseconds from 1 to 86400000 (got "${text}").`);
  return value;
}

/** The server's limits, or an Error naming the variable that is wrong. */
export function serverLimits(environment = process.env) {
  const headersTimeout = milliseconds(environment, "BREACHDESK_HEADERS_TIMEOUT_MS");
  const requestTimeout = milliseconds(environment, "BREACHDESK_REQUEST_TIMEOUT_MS");
  const keepAliveTimeout = milliseconds(environment, "BREACHDESK_KEEP_ALIVE_TIMEOUT_MS");
  if (headersTimeout <= keepAliveTimeout)
    throw new Error(
      `BREACHDESK_HEADERS_TIMEOUT_MS (${headersTimeout}) must be above BREACHDESK_KEEP_ALIVE_TIMEOUT_MS (${keepAliveTimeout}).`,
    );
  if (requestTimeout < headersTimeout)
    throw new Error(
      `BREACHDESK_REQUEST_TIMEOUT_MS (${requestTimeout}) must be at least BREACHDESK_HEADERS_TIMEOUT_MS (${headersTimeout}).`,
    );
  return {
    headersTimeout,
    requestTimeout,
    keepAliveTimeout,
    // How often Node looks for connections past those timeouts (its default,
    // 30 s, would let a slow client hold a socket that much longer).
    connectionsCheckingInterval: Math.min(5_000, Math.max(10, Math.floor(headersTimeout / 4))),
    maxHeadersCount: MAX_HEADERS_COUNT,
    maxRequestsPerSocket: MAX_REQUESTS_PER_SOCKET,
  };
}

/** An HTTP server with those limits. */
export function createLimitedServer(limits, listener) {
  const server = http.createServer(
    {
      headersTimeout: limits.headersTimeout,
      requestTimeout: limits.requestTimeout,
      keepAliveTimeout: limits.keepAliveTimeout,
      connectionsCheckingInterval: limits.connectionsCheckingInterval,
    },
    listener,
  );
  server.keepAliveTimeout = limits.keepAliveTimeout;
  server.maxHeadersCount = limits.maxHeadersCount;
  server.maxRequestsPerSocket = limits.maxRequestsPerSocket;
  return server;
}

import type { Server } from "node:http";
import net, { type AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createLimitedServer, serverLimits } from "./server-limits.mjs";

// The app server's timeouts (serve.mjs builds its server with these): a
// client that sends its headers too slowly is cut off at the headers
// timeout, set small here so the test waits only for the socket to close.

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

async function listen(environment: Record<string, string>): Promise<number> {
  server = createLimitedServer(serverLimits(environment), (req, res) => {
    // Like an upload route: the answer waits for the whole body.
    req.resume();
    req.on("end", () => res.end("ok"));
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

/** Opens a socket, writes `text`, and resolves with all it received once the server closes it. */
function exchange(port: number, text: string, options: { end?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => {
      socket.write(text);
      if (options.end) socket.end();
    });
    let received = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (received += chunk));
    socket.on("error", reject);
    socket.on("close", () => resolve(received));
  });
}

const FAST = {
  BREACHDESK_HEADERS_TIMEOUT_MS: "300",
  BREACHDESK_KEEP_ALIVE_TIMEOUT_MS: "200",
  BREACHDESK_REQUEST_TIMEOUT_MS: "600",
};

describe("the app server's limits", () => {
  it("cuts off a client that never finishes its headers (slowloris) at the headers timeout, with 408", async () => {
    const port = await listen(FAST);
    // Headers started, never ended: without the timeout (Node's default is a
    // minute, checked every 30 s) the socket would outlive this test.
    const received = await exchange(port, "GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: 1\r\n");
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("closes a client whose body never arrives at the request timeout", async () => {
    const port = await listen(FAST);
    const received = await exchange(port, "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\npartial");
    expect(received).toMatch(/^HTTP\/1\.1 408 /);
  });

  it("still answers a whole request, and closes the idle kept-alive connection afterwards", async () => {
    const port = await listen(FAST);
    const received = await exchange(port, "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
    expect(received).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*Keep-Alive: timeout=0[\s\S]*\r\n\r\nok$/);
  });

  it("defaults: an hour for a request (a 512 MiB upload on a slow link), keep-alive above a proxy's 60 s, headers above that", () => {
    expect(serverLimits({})).toMatchObject({
      headersTimeout: 66_000,
      requestTimeout: 3_600_000,
      keepAliveTimeout: 65_000,
      maxHeadersCount: 200,
      maxRequestsPerSocket: 1_000,
    });
    expect(serverLimits({}).connectionsCheckingInterval).toBeLessThanOrEqual(5_000);
  });

  it("refuses settings Node would misbehave with, naming the variable", () => {
    expect(() => serverLimits({ BREACHDESK_HEADERS_TIMEOUT_MS: "60000" })).toThrow(
      /BREACHDESK_HEADERS_TIMEOUT_MS .* above BREACHDESK_KEEP_ALIVE_TIMEOUT_MS/,
    );
    expect(() => serverLimits({ BREACHDESK_REQUEST_TIMEOUT_MS: "1000" })).toThrow(
      /BREACHDESK_REQUEST_TIMEOUT_MS .* at least/,
    );
    expect(() => serverLimits({ BREACHDESK_KEEP_ALIVE_TIMEOUT_MS: "soon" })).toThrow(
      /BREACHDESK_KEEP_ALIVE_TIMEOUT_MS must be a whole number/,
    );
  });
});

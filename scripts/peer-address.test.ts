import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PEER_ADDRESS_HEADER as LIB_HEADER } from "../lib/net/client-ip";
import { PEER_ADDRESS_HEADER, withPeerAddress } from "./peer-address.mjs";

describe("withPeerAddress", () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    server = http.createServer(withPeerAddress((req, res) => res.end(String(req.headers[PEER_ADDRESS_HEADER]))));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("names the socket peer, whatever the client claims", async () => {
    const response = await fetch(url, {
      headers: { [PEER_ADDRESS_HEADER]: "203.0.113.66", "x-forwarded-for": "1.2.3.4" },
    });
    expect(await response.text()).toMatch(/^(::ffff:)?127\.0\.0\.1$/);
  });

  it("uses the header name the app reads", () => {
    expect(PEER_ADDRESS_HEADER).toBe(LIB_HEADER);
  });
});

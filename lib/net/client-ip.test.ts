import { describe, expect, it } from "vitest";
import { clientIp } from "./client-ip";

describe("clientIp", () => {
  it("uses the socket address and ignores X-Forwarded-For from an untrusted peer", () => {
    expect(clientIp({ peer: "198.51.100.7", forwardedFor: "203.0.113.1", trustedProxies: [] })).toBe("198.51.100.7");
    expect(clientIp({ peer: "::ffff:127.0.0.1", forwardedFor: "1.2.3.4", trustedProxies: ["10.0.0.1"] })).toBe(
      "127.0.0.1",
    );
  });

  it("reads X-Forwarded-For from the right when the peer is a trusted proxy", () => {
    const trustedProxies = ["10.0.0.1", "10.0.0.2"];
    // The client wrote "1.1.1.1"; the outer proxy appended the real client, the inner one the outer proxy.
    expect(clientIp({ peer: "10.0.0.2", forwardedFor: "1.1.1.1, 203.0.113.9, 10.0.0.1", trustedProxies })).toBe(
      "203.0.113.9",
    );
    expect(clientIp({ peer: "10.0.0.1", forwardedFor: null, trustedProxies })).toBe("10.0.0.1");
    expect(clientIp({ peer: "10.0.0.1", forwardedFor: "garbage, 203.0.113.9", trustedProxies })).toBe("203.0.113.9");
    expect(clientIp({ peer: "10.0.0.1", forwardedFor: "203.0.113.9, garbage", trustedProxies })).toBe("10.0.0.1");
  });

  it("gives every rotation of a spoofed header the same answer", () => {
    const answers = new Set(
      ["1.2.3.4", "5.6.7.8, 9.9.9.9", "", "::1"].map((forwardedFor) =>
        clientIp({ peer: "192.0.2.10", forwardedFor, trustedProxies: ["127.0.0.1"] }),
      ),
    );
    expect([...answers]).toEqual(["192.0.2.10"]);
  });

  it("says unknown without a peer address", () => {
    expect(clientIp({ peer: undefined, forwardedFor: "1.2.3.4", trustedProxies: [] })).toBe("unknown");
  });
});

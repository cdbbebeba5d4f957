import { describe, expect, it } from "vitest";
import { forbiddenAddressReason, hostAllowed } from "./outbound-address";

describe("forbiddenAddressReason", () => {
  it.each([
    "127.0.0.1",
    "127.8.9.10",
    "10.1.2.3",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "224.0.0.1",
    "255.255.255.255",
    "::1",
    "::",
    "fe80::1",
    "fe80::1%eth0",
    "fc00::1",
    "fd12:3456::1",
    "fd00:ec2::254",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:169.254.169.254",
    "::ffff:a9fe:a9fe",
    "::127.0.0.1",
    "[::1]",
    "64:ff9b::a00:1",
    "ff02::1",
  ])("refuses %s", (address) => {
    expect(forbiddenAddressReason(address)).not.toBeNull();
  });

  it.each(["93.184.216.34", "8.8.8.8", "172.32.0.1", "2606:4700::1111", "::ffff:8.8.8.8", "2001:4860:4860::8888"])(
    "allows %s",
    (address) => {
      expect(forbiddenAddressReason(address)).toBeNull();
    },
  );

  it("refuses what is not an address", () => {
    expect(forbiddenAddressReason("example.com")).toMatch(/not an IP/);
  });
});

describe("hostAllowed", () => {
  it("matches exact host names, case-insensitively", () => {
    expect(hostAllowed("Hooks.Example.com", ["hooks.example.com"])).toBe(true);
    expect(hostAllowed("evil.hooks.example.com", ["hooks.example.com"])).toBe(false);
    expect(hostAllowed("[::1]", ["::1"])).toBe(true);
  });
});

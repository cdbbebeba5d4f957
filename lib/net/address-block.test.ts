import { describe, expect, it } from "vitest";
import { addressBlock } from "./address-block";

describe("addressBlock", () => {
  it("keeps IPv4 addresses and unknown sources as they are", () => {
    expect(addressBlock("203.0.113.9")).toBe("203.0.113.9");
    expect(addressBlock("unknown")).toBe("unknown");
    expect(addressBlock("")).toBe("");
  });

  it("counts an IPv6 address by its /64, however it is written", () => {
    expect(addressBlock("2001:db8:1:2:3:4:5:6")).toBe("2001:db8:1:2::/64");
    expect(addressBlock("2001:0DB8:0001:0002:ffff::1")).toBe("2001:db8:1:2::/64");
    expect(addressBlock("2001:db8:1:2::")).toBe("2001:db8:1:2::/64");
    expect(addressBlock("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressBlock("::1")).toBe("0:0:0:0::/64");
    expect(addressBlock("fe80::1%eth0")).toBe("fe80:0:0:0::/64");
  });
});

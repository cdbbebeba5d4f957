import { describe, expect, it } from "vitest";
import { AddDestinationInput } from "./destination-input";

describe("a destination's input", () => {
  it("takes host and port for syslog, an https URL for the collectors", () => {
    expect(
      AddDestinationInput.safeParse({ name: "s", kind: "syslog_tcp", host: "siem.example", port: "514" }).success,
    ).toBe(true);
    expect(
      AddDestinationInput.safeParse({ name: "h", kind: "splunk_hec", url: "https://hec.example:8088", token: "t" })
        .success,
    ).toBe(true);
    expect(
      AddDestinationInput.safeParse({ name: "h", kind: "splunk_hec", url: "http://hec.example:8088" }).success,
    ).toBe(false);
    expect(AddDestinationInput.safeParse({ name: "s", kind: "syslog_tls", url: "https://x.example" }).success).toBe(
      false,
    );
    expect(
      AddDestinationInput.safeParse({
        name: "s",
        kind: "syslog_tcp",
        host: "h",
        port: 514,
        caPem: "-----BEGIN CERTIFICATE-----",
      }).success,
    ).toBe(false);
    expect(AddDestinationInput.safeParse({ name: "bad name", kind: "syslog_tcp", host: "h", port: 514 }).success).toBe(
      false,
    );
  });
});

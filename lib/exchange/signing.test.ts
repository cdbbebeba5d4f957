import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signRequest, verifySignature } from "./signing";

const A = "first-secret-0123456789abcdef";
const B = "second-secret-0123456789abcdef";
const request = { method: "POST", path: "/v1/batch", body: '{"items":[]}' };
const NOW = Date.UTC(2026, 10, 29, 12);

describe("request signing", () => {
  it("verifies what it signed, and gives back the nonce for the replay check", () => {
    const headers = signRequest(request, [A], { now: NOW, nonce: "0123456789abcdef0123" });
    expect(verifySignature({ ...request, headers }, [A], { now: NOW })).toEqual({
      ok: true,
      nonce: "0123456789abcdef0123",
      timestamp: NOW / 1000,
    });
  });

  it("refuses any change to the method, the path, the body, the timestamp or the nonce", () => {
    const headers = signRequest(request, [A], { now: NOW });
    const bad = (changed: Partial<typeof request>, h = headers) => verifySignature({ ...request, ...changed, headers: h }, [A], { now: NOW });
    expect(bad({ method: "PUT" })).toMatchObject({ ok: false, reason: "bad_signature" });
    expect(bad({ path: "/v1/batch?x=1" })).toMatchObject({ ok: false, reason: "bad_signature" });
    expect(bad({ body: '{"items":[1]}' })).toMatchObject({ ok: false, reason: "bad_signature" });
    expect(bad({}, { ...headers, "x-breachdesk-timestamp": String(NOW / 1000 + 1) })).toMatchObject({ reason: "bad_signature" });
    expect(bad({}, { ...headers, "x-breachdesk-nonce": "ffffffffffffffffffff" })).toMatchObject({ reason: "bad_signature" });
  });

  it("accepts the hex in upper or mixed case, and a list separated by a comma with or without spaces", () => {
    const headers = signRequest(request, [A, B], { now: NOW });
    const [first, second] = headers["x-breachdesk-signature"]!.split(",");
    const upper = `v1=${first!.slice(3).toUpperCase()}`;
    const mixed = `v1=${second!.slice(3, 35).toUpperCase()}${second!.slice(35)}`;
    for (const signature of [upper, `${upper},${mixed}`, `${upper}, ${mixed}`, `v1=${"0".repeat(64)} , ${mixed}`]) {
      const check = verifySignature({ ...request, headers: { ...headers, "x-breachdesk-signature": signature } }, [A, B], { now: NOW });
      expect(check.ok, signature).toBe(true);
    }
    // Upper case is still hex of the right length: anything else is malformed.
    const bad = { ...headers, "x-breachdesk-signature": `v1=${"G".repeat(64)}` };
    expect(verifySignature({ ...request, headers: bad }, [A], { now: NOW })).toMatchObject({ reason: "malformed_signature" });
    const wrong = { ...headers, "x-breachdesk-signature": `v1=${"AB".repeat(32)}` };
    expect(verifySignature({ ...request, headers: wrong }, [A], { now: NOW })).toMatchObject({ reason: "bad_signature" });
  });

  it("refuses a timestamp more than five minutes away, either way", () => {
    const headers = signRequest(request, [A], { now: NOW });
    expect(verifySignature({ ...request, headers }, [A], { now: NOW + 300_000 }).ok).toBe(true);
    expect(verifySignature({ ...request, headers }, [A], { now: NOW + 301_000 })).toMatchObject({ reason: "timestamp_out_of_window" });
    expect(verifySignature({ ...request, headers }, [A], { now: NOW - 301_000 })).toMatchObject({ reason: "timestamp_out_of_window" });
  });

  it("rotates without downtime: signed with both secrets, either receiver accepts; a receiver with both accepts either sender", () => {
    const both = signRequest(request, [A, B], { now: NOW });
    expect(verifySignature({ ...request, headers: both }, [A], { now: NOW }).ok).toBe(true);
    expect(verifySignature({ ...request, headers: both }, [B], { now: NOW }).ok).toBe(true);
    const onlyB = signRequest(request, [B], { now: NOW });
    expect(verifySignature({ ...request, headers: onlyB }, [A, B], { now: NOW }).ok).toBe(true);
    expect(verifySignature({ ...request, headers: onlyB }, [A], { now: NOW })).toMatchObject({ reason: "bad_signature" });
  });

  it("names what is missing or malformed", () => {
    expect(verifySignature({ ...request, headers: {} }, [A])).toMatchObject({ reason: "missing_signature" });
    const headers = signRequest(request, [A], { now: NOW });
    expect(verifySignature({ ...request, headers: { ...headers, "x-breachdesk-signature": "v1=zz" } }, [A], { now: NOW })).toMatchObject({
      reason: "malformed_signature",
    });
    expect(verifySignature({ ...request, headers: { ...headers, "x-breachdesk-timestamp": "soon" } }, [A], { now: NOW })).toMatchObject({
      reason: "malformed_signature",
    });
  });

  it("never accepts a body other than the one signed", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (body, other) => {
        fc.pre(body !== other);
        const headers = signRequest({ ...request, body }, [A], { now: NOW });
        return verifySignature({ ...request, body, headers }, [A], { now: NOW }).ok && !verifySignature({ ...request, body: other, headers }, [A], { now: NOW }).ok;
      }),
    );
  });
});

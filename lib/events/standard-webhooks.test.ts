import { describe, expect, it } from "vitest";
import { newWebhookSecret, standardWebhookHeaders, verifyWebhookSignature, webhookSignature } from "./standard-webhooks";

// The Standard Webhooks specification's test vector (also the reference libraries').
const VECTOR = {
  secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  id: "msg_p5jXN8AQM9LWM0D4loKWxJek",
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
};

describe("Standard Webhooks signatures", () => {
  it("match the specification's test vector", () => {
    expect(webhookSignature(VECTOR.secret, VECTOR.id, VECTOR.timestamp, VECTOR.body)).toBe(VECTOR.signature);
  });

  it("sign with every secret during a rotation, and each verifies", () => {
    const old = newWebhookSecret();
    const current = newWebhookSecret();
    const headers = standardWebhookHeaders([current, old], { id: "evt", timestampSeconds: 1700000000, body: "{}" });
    expect(headers["webhook-signature"].split(" ")).toHaveLength(2);
    const h = { id: headers["webhook-id"], timestamp: headers["webhook-timestamp"], signature: headers["webhook-signature"] };
    expect(verifyWebhookSignature(old, h, "{}")).toBe(true);
    expect(verifyWebhookSignature(current, h, "{}")).toBe(true);
    expect(verifyWebhookSignature(newWebhookSecret(), h, "{}")).toBe(false);
    expect(verifyWebhookSignature(current, h, "{ }")).toBe(false);
  });

  it("makes secrets of 32 random bytes", () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(newWebhookSecret()).not.toBe(secret);
  });
});

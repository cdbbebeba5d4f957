import { afterEach, describe, expect, it } from "vitest";
import { breachdesk } from "../../test/run-cli";
import { startExchangeSim, type ExchangeSim, type SimBroken } from "../exchange-sim/exchange-sim";
import { runProviderCheck } from "./provider-check";

// The conformance check against the reference exchange (everything passes)
// and against exchanges built broken on purpose (the right checks fail).

const SECRET = "conformance-secret-0123456789abcdef";
const ACCOUNTS = { account: "conformance-open-1", closedAccount: "closed-conformance-1", unknownAccount: "unknown-conformance-1" };

describe("the provider conformance check", () => {
  let sim: ExchangeSim | null = null;
  afterEach(async () => {
    await sim?.close();
    sim = null;
  });

  it("passes against the reference exchange, through the CLI", async () => {
    sim = await startExchangeSim({ secrets: [SECRET] });
    const run = await breachdesk({}, ["provider", "check", "--url", sim.url, "--secret", SECRET]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as { ok: boolean; passed: number; failed: number };
    expect(report).toMatchObject({ ok: true, failed: 0 });
    expect(report.passed).toBeGreaterThanOrEqual(20);
    expect(run.stderr).toMatch(/PASS {2}repeated idempotency key did not repeat the effect/);
  });

  // Each broken exchange, and the checks that must catch it (others may fail too, as consequences).
  const broken: [SimBroken, string[]][] = [
    ["repeat-effects", ["repeated idempotency key answered with the first result", "repeated idempotency key did not repeat the effect"]],
    ["no-replay-check", ["replayed request (same signature and nonce) refused"]],
    ["accept-any-signature", ["unsigned request refused", "wrong secret refused", "timestamp outside the 5-minute window refused"]],
    ["batch-all-or-nothing", ["batch with failing items: the others still applied"]],
  ];
  for (const [mode, failing] of broken) {
    it(`fails against an exchange that is broken: ${mode}`, async () => {
      sim = await startExchangeSim({ secrets: [SECRET], broken: mode });
      const report = await runProviderCheck({ url: sim.url, secret: SECRET, ...ACCOUNTS });
      expect(report.ok).toBe(false);
      const failed = report.checks.filter((c) => !c.ok).map((c) => c.name);
      expect(failed).toEqual(expect.arrayContaining(failing));
      // Everything not about the fault still passes.
      expect(report.checks.find((c) => c.name === "reading an unknown account: 404")?.ok).toBe(true);
    });
  }

  it("exits 1 and says so when the exchange cannot be reached", async () => {
    const run = await breachdesk({}, ["provider", "check", "--url", "http://127.0.0.1:9", "--secret", SECRET]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/FAIL {2}the exchange answered every request/);
  });
});

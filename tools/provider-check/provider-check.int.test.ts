import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CONTRACT_VERSION } from "../../lib/exchange/contract";
import { breachdesk } from "../../test/run-cli";
import { SIM_DEFECTS, type SimDefect } from "../exchange-sim/defects";
import { startExchangeSim, type ExchangeSim } from "../exchange-sim/exchange-sim";
import { CONTRACT_SECTIONS, runProviderCheck } from "./provider-check";

// The conformance check against the reference exchange (everything passes)
// and against the reference exchange with one defect each (the checks of the
// rule it breaks fail). A new rule in docs/provider-api.md comes with a defect
// in tools/exchange-sim/defects.ts, and this table will not compile without it.

const SECRET = "conformance-secret-0123456789abcdef";
const ACCOUNTS = { account: "conformance-open-1", closedAccount: "closed-conformance-1", unknownAccount: "unknown-conformance-1" };
const document = fs.readFileSync(path.resolve(import.meta.dirname, "../../docs/provider-api.md"), "utf8");

// Each defect, and the checks that must catch it (others may fail too, as consequences).
const CAUGHT_BY: Record<SimDefect, string[]> = {
  "repeat-effects": ["repeated idempotency key answered with the first result", "repeated idempotency key did not repeat the effect"],
  "single-repeat-effects": ["repeated single operation did not repeat the effect"],
  "no-replayed-header": ["repeated single operation answered with Idempotent-Replayed: true"],
  "no-replay-check": ["replayed request (same signature and nonce) refused"],
  "accept-any-signature": ["unsigned request refused", "wrong secret refused", "timestamp outside the 5-minute window refused"],
  "unsigned-get": ["unsigned state read (GET) refused", "state read (GET) with a wrong secret refused"],
  "future-timestamps": ["timestamp more than 300 s in the future refused"],
  "first-signature-only": ["two v1= signatures (rotation), the valid one second: accepted"],
  "no-body-limit": ["a body over 2 MB refused with 413"],
  "ignore-hold-until": ["a hold ends at its holdUntil: the state shows that time"],
  "batch-all-or-nothing": ["batch with failing items: the others still applied"],
};

describe("the provider conformance check", () => {
  let sim: ExchangeSim | null = null;
  afterEach(async () => {
    await sim?.close();
    sim = null;
  });

  it("passes against the reference exchange, through the CLI, and says which version of the document it checked", async () => {
    sim = await startExchangeSim({ secrets: [SECRET] });
    const run = await breachdesk({}, ["provider", "check", "--url", sim.url, "--secret", SECRET]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout.trim().split("\n").at(-1)!) as { ok: boolean; passed: number; failed: number; documentVersion: string };
    expect(report).toMatchObject({ ok: true, failed: 0, documentVersion: CONTRACT_VERSION });
    expect(report.passed).toBeGreaterThanOrEqual(30);
    expect(run.stderr).toMatch(/PASS {2}repeated idempotency key did not repeat the effect/);
    expect(run.stderr).toContain(`version ${CONTRACT_VERSION}`);
  });

  it("cites sections and a version that the document has", () => {
    const headings = [...document.matchAll(/^#{2,3} (.+)$/gm)].map((m) => m[1]!.trim());
    expect(headings).toEqual(expect.arrayContaining(Object.values(CONTRACT_SECTIONS)));
    expect(document).toContain(`Version: \`${CONTRACT_VERSION}\``);
  });

  for (const [defect, failing] of Object.entries(CAUGHT_BY) as [SimDefect, string[]][]) {
    it(`fails an exchange whose ${SIM_DEFECTS[defect]} (${defect})`, async () => {
      sim = await startExchangeSim({ secrets: [SECRET], broken: defect });
      const report = await runProviderCheck({ url: sim.url, secret: SECRET, ...ACCOUNTS });
      expect(report.ok).toBe(false);
      const failed = report.checks.filter((c) => !c.ok);
      expect(failed.map((c) => c.name)).toEqual(expect.arrayContaining(failing));
      for (const c of failed) expect(c.section).toMatch(/^docs\/provider-api\.md § /);
      // Everything not about the fault still passes.
      expect(report.checks.find((c) => c.name === "reading an unknown account: 404")?.ok).toBe(true);
    });
  }

  it("names the rule and the section of the document in a failure", async () => {
    sim = await startExchangeSim({ secrets: [SECRET], broken: "no-replayed-header" });
    const run = await breachdesk({}, ["provider", "check", "--url", sim.url, "--secret", SECRET]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      "FAIL  repeated single operation answered with Idempotent-Replayed: true (docs/provider-api.md § Idempotency: each effect exactly once)",
    );
  });

  it("exits 1 and says so when the exchange cannot be reached", async () => {
    const run = await breachdesk({}, ["provider", "check", "--url", "http://127.0.0.1:9", "--secret", SECRET]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/FAIL {2}the exchange answered every request/);
  });
});

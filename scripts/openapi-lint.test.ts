import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

// An independent lint of the two OpenAPI documents Breachdesk publishes, by
// tools that did not write them: Redocly's recommended rules (redocly.yaml)
// and Spectral's OWASP API Security ruleset (.spectral.yaml, where each rule
// that does not fit says why). Any finding fails, so a new one is fixed in
// the generating source (lib/exchange/openapi.ts, server/api/openapi.ts) or
// explained there before it lands.

const root = path.resolve(import.meta.dirname, "..");
const DOCUMENTS = ["docs/provider-api.openapi.json", "docs/api.openapi.json"];
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);
const env = { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true", NO_COLOR: "1" };

function run(command: string, args: string[]) {
  const result = spawnSync(bin(command), args, { cwd: root, env, encoding: "utf8", timeout: 120_000 });
  if (result.error) throw result.error;
  return result;
}

describe("the OpenAPI documents pass an independent lint", () => {
  it.each(DOCUMENTS)("Redocly's recommended rules: no error, no warning in %s", (document) => {
    const result = run("redocly", ["lint", document, "--format=json"]);
    const report = JSON.parse(result.stdout) as { totals: { errors: number; warnings: number }; problems: { ruleId: string; message: string }[] };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  });

  it.each(DOCUMENTS)("Spectral's OWASP ruleset: no finding in %s beyond those .spectral.yaml explains", (document) => {
    const result = run("spectral", ["lint", "--quiet", "--format=json", "--ruleset", ".spectral.yaml", document]);
    const findings = result.stdout.trim() ? (JSON.parse(result.stdout) as { code: string; path: string[]; message: string }[]) : [];
    expect(findings.map((f) => `${f.code} at ${f.path.join(".")}: ${f.message}`)).toEqual([]);
    expect(result.status, result.stderr).toBe(0);
  });
});

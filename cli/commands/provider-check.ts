import { CONTRACT_VERSION } from "../../lib/exchange/contract";
import { AppError } from "../../server/errors";
import { runProviderCheck as check, type ProviderCheckReport } from "../../tools/provider-check/provider-check";
import type { CommandContext } from "../context";

export type ProviderCheckOutput = ProviderCheckReport;

/** `breachdesk provider check`: the provider contract's conformance check; prints each check to stderr. */
export async function runProviderCheck(ctx: CommandContext, values: Record<string, string | boolean | undefined>) {
  const url = typeof values.url === "string" ? values.url : "";
  const secret = typeof values.secret === "string" ? values.secret : "";
  const fields: Record<string, string> = {};
  if (!/^https?:\/\//.test(url)) fields.url = "the exchange's base URL (http:// or https://)";
  if (secret.length < 16) fields.secret = "the shared secret (at least 16 characters)";
  if (Object.keys(fields).length) throw new AppError("VALIDATION", "Cannot run the check:", fields);
  const text = (name: string, fallback: string) => (typeof values[name] === "string" ? (values[name] as string) : fallback);
  ctx.log(`Checking against the provider contract (docs/provider-api.md), version ${CONTRACT_VERSION}`);
  const report = await check({
    url,
    secret,
    account: text("account", "conformance-open-1"),
    closedAccount: text("closed-account", "closed-conformance-1"),
    unknownAccount: text("unknown-account", "unknown-conformance-1"),
  });
  for (const c of report.checks) ctx.log(`${c.ok ? "PASS" : "FAIL"}  ${c.name}${c.ok ? "" : ` (${c.section}): ${c.detail}`}`);
  ctx.log(`${report.passed} passed, ${report.failed} failed, against the provider contract version ${report.documentVersion}`);
  return report;
}

import type { FiredRule } from "@/lib/risk/explain";
import type { RiskTier } from "@/lib/risk/rules";
import { RiskTierBadge } from "../triage/risk-tier-badge";

/** The tier and every rule that fired, with the account's own reason for each. */
export function AccountRisk({ tier, rules }: { tier: RiskTier; rules: readonly FiredRule[] }) {
  return (
    <div className="space-y-3">
      <div className="flex items-center gap-2 text-sm text-slate-700">
        <RiskTierBadge tier={tier} />
        <span>
          {rules.length === 0
            ? "No rule fired."
            : `${rules.length} ${rules.length === 1 ? "rule" : "rules"} fired; the highest tier wins.`}
        </span>
      </div>
      {rules.length ? (
        <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200">
          {rules.map((rule) => (
            <li key={rule.id} className="flex items-start gap-3 px-3 py-2.5 text-sm">
              <span className="w-20 shrink-0">
                <RiskTierBadge tier={rule.tier} />
              </span>
              <div className="min-w-0">
                <p className="font-medium text-slate-900">{rule.title}</p>
                <p className="text-slate-600" data-testid="rule-reason">
                  {rule.reason[0]?.toUpperCase()}
                  {rule.reason.slice(1)}
                  <span className="ml-2 font-mono text-[11px] text-slate-500">{rule.id}</span>
                </p>
              </div>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

import type { FiredRule } from "@/lib/risk/explain";

// The chips repeat on every row of the triage table (a hundred or more a
// page), and each element of a row costs server time on every request (see
// docs/benchmarks.md, pages under load). So a chip is two elements: the focusable
// chip, its tier's dot drawn by CSS (data-tier), and its tooltip inside it,
// shown on hover and keyboard focus; their styles live in globals.css
// (rule-chip, rule-tip) so that each page's HTML carries a short name.

/** One fired rule as its short reason; the rule's title shows on hover and on keyboard focus. */
export function FiredRuleChip({ rule, tooltipId }: { rule: FiredRule; tooltipId: string }) {
  return (
    <span tabIndex={0} aria-describedby={tooltipId} className="rule-chip" data-tier={rule.tier}>
      {rule.reason}
      <span role="tooltip" id={tooltipId} className="rule-tip max-w-72 font-medium">
        {`Rule: ${rule.title}`}
      </span>
    </span>
  );
}

/** The reasons that did not fit, behind one chip whose tooltip lists them with their rules. */
export function MoreRulesChip({ rules, tooltipId }: { rules: readonly FiredRule[]; tooltipId: string }) {
  return (
    <span tabIndex={0} aria-describedby={tooltipId} className="rule-chip text-slate-500">
      {`+${rules.length} more`}
      <span role="tooltip" id={tooltipId} className="rule-tip max-w-80 space-y-0.5 py-1.5">
        {rules.map((rule) => (
          <span key={rule.id} className="block">{`${rule.reason} (${rule.title})`}</span>
        ))}
      </span>
    </span>
  );
}

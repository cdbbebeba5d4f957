import type { FiredRule } from "@/lib/risk/explain";

const DOT: Record<FiredRule["tier"], string> = {
  critical: "bg-red-600",
  high: "bg-orange-500",
  medium: "bg-amber-400",
  low: "bg-slate-400",
};

// The chips repeat on every row of the triage table (a hundred or more a
// page): their class lists live in globals.css (rule-chip, rule-tip,
// rule-dot) so that each page's HTML carries a short name, not the full list.

/** One fired rule as its short reason; the rule's title shows on hover and on keyboard focus. */
export function FiredRuleChip({ rule, tooltipId }: { rule: FiredRule; tooltipId: string }) {
  return (
    <span className="group relative inline-flex">
      <span
        tabIndex={0}
        aria-describedby={tooltipId}
        className="rule-chip"
      >
        <span
          aria-hidden
          className={`rule-dot ${DOT[rule.tier]}`}
        />
        {rule.reason}
      </span>
      <span
        role="tooltip"
        id={tooltipId}
        className="rule-tip max-w-72 font-medium"
      >
        Rule: {rule.title}
      </span>
    </span>
  );
}

/** The reasons that did not fit, behind one chip whose tooltip lists them with their rules. */
export function MoreRulesChip({ rules, tooltipId }: { rules: readonly FiredRule[]; tooltipId: string }) {
  return (
    <span className="group relative inline-flex">
      <span
        tabIndex={0}
        aria-describedby={tooltipId}
        className="inline-flex items-center whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium text-slate-500 ring-1 ring-inset ring-slate-200 outline-offset-1"
      >
        +{rules.length} more
      </span>
      <span
        role="tooltip"
        id={tooltipId}
        className="rule-tip max-w-80 space-y-0.5 py-1.5"
      >
        {rules.map((rule) => (
          <span key={rule.id} className="block">
            {rule.reason} <span className="text-slate-300">({rule.title})</span>
          </span>
        ))}
      </span>
    </span>
  );
}

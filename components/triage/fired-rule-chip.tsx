import type { FiredRule } from "@/lib/risk/explain";

const DOT: Record<FiredRule["tier"], string> = {
  critical: "bg-red-600",
  high: "bg-orange-500",
  medium: "bg-amber-400",
  low: "bg-slate-400",
};

/** One fired rule as its short reason; the rule's title shows on hover and on keyboard focus. */
export function FiredRuleChip({ rule, tooltipId }: { rule: FiredRule; tooltipId: string }) {
  return (
    <span className="group relative inline-flex">
      <span
        tabIndex={0}
        aria-describedby={tooltipId}
        className="inline-flex items-baseline gap-1 whitespace-nowrap rounded bg-slate-50 px-1.5 py-0.5 text-xs text-slate-700 ring-1 ring-inset ring-slate-200 outline-offset-1"
      >
        <span
          aria-hidden
          className={`h-1.5 w-1.5 shrink-0 -translate-y-px self-center rounded-full ${DOT[rule.tier]}`}
        />
        {rule.reason}
      </span>
      <span
        role="tooltip"
        id={tooltipId}
        className="pointer-events-none invisible absolute left-0 top-full z-20 mt-1 w-max max-w-72 rounded-md bg-slate-900 px-2 py-1 text-xs font-medium text-white shadow-lg group-focus-within:visible group-hover:visible"
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
        className="pointer-events-none invisible absolute left-0 top-full z-20 mt-1 w-max max-w-80 space-y-0.5 rounded-md bg-slate-900 px-2 py-1.5 text-xs text-white shadow-lg group-focus-within:visible group-hover:visible"
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

import type { RiskTier } from "@/lib/risk/rules";
import { TIER_LABELS } from "@/lib/triage/labels";

// Critical is solid so that it stands out in a dense table; the others step
// down in weight. Colour is never the only signal: the label is always shown.
export const TIER_STYLE: Record<RiskTier, string> = {
  critical: "bg-red-600 text-white ring-red-700",
  high: "bg-orange-100 text-orange-800 ring-orange-300",
  medium: "bg-amber-50 text-amber-800 ring-amber-300",
  low: "bg-slate-100 text-slate-600 ring-slate-200",
};

export function RiskTierBadge({ tier }: { tier: RiskTier }) {
  return (
    <span
      className={`inline-flex min-w-16 justify-center rounded px-1.5 py-0.5 text-[11px] font-semibold uppercase tracking-wide ring-1 ring-inset ${TIER_STYLE[tier]}`}
    >
      {TIER_LABELS[tier]}
    </span>
  );
}

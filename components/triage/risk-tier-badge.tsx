import type { RiskTier } from "@/lib/risk/rules";
import { TIER_LABELS } from "@/lib/triage/labels";

/** A risk tier as its label on its colour (globals.css, .tier-badge[data-tier]). */
export function RiskTierBadge({ tier }: { tier: RiskTier }) {
  return (
    <span className="tier-badge" data-tier={tier}>
      {TIER_LABELS[tier]}
    </span>
  );
}

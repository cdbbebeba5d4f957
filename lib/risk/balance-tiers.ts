// Balance tiers, by USD balance. A directory may give a tier instead of a
// balance; the tier's lower bound then stands in for the balance in rules.
export const BALANCE_TIERS = ["zero", "low", "medium", "high", "whale"] as const;
export type BalanceTier = (typeof BALANCE_TIERS)[number];

/** Lower bound of each tier, in USD cents. */
export const BALANCE_TIER_MIN_CENTS: Record<BalanceTier, number> = {
  zero: 0,
  low: 1,
  medium: 100_000, // $1,000
  high: 1_000_000, // $10,000
  whale: 10_000_000, // $100,000
};

export const BALANCE_TIER_LABELS: Record<BalanceTier, string> = {
  zero: "Zero",
  low: "Under $1k",
  medium: "$1k–$10k",
  high: "$10k–$100k",
  whale: "$100k and over",
};

export function balanceTierOf(cents: number): BalanceTier {
  if (cents <= 0) return "zero";
  if (cents < BALANCE_TIER_MIN_CENTS.medium) return "low";
  if (cents < BALANCE_TIER_MIN_CENTS.high) return "medium";
  if (cents < BALANCE_TIER_MIN_CENTS.whale) return "high";
  return "whale";
}

export function isBalanceTier(value: unknown): value is BalanceTier {
  return typeof value === "string" && (BALANCE_TIERS as readonly string[]).includes(value);
}

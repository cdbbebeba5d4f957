// The risk rules, as data. Each exposed address gets every rule that fires
// (shown to analysts with the rule's reason) and the highest tier among them.
// The triage rebuild (server/triage/rebuild-triage.ts) compiles these to SQL;
// nothing else decides a tier.

import { formatUsdCents } from "../format/numbers";

export const RISK_TIERS = ["critical", "high", "medium", "low"] as const;
export type RiskTier = (typeof RISK_TIERS)[number];

/** What a rule can look at, per exposed address. */
export type RiskFeatures = {
  matched: boolean;
  twoFactorEnabled: boolean;
  balanceUsdCents: number;
  /** Hours from T0 to the first password change after T0, or null. */
  passwordChangedHoursAfterT0: number | null;
  /** 2FA or e-mail changes after T0. */
  securityChanges: number;
  withdrawalChanges: number;
  newDeviceLogins: number;
  failedLogins: number;
  apiKeysCreated: number;
};
export type RiskFeature = keyof RiskFeatures;

export type Condition =
  | { feature: RiskFeature; op: "gte" | "lte" | "gt" | "lt"; value: number }
  | { feature: RiskFeature; op: "is"; value: boolean }
  | { feature: RiskFeature; op: "present" };

export type RiskRule = {
  id: string;
  tier: RiskTier;
  title: string;
  /** All conditions must hold. */
  when: readonly Condition[];
  /** Shown per account; {feature} placeholders are filled from its features. */
  reason: string;
};

export const RISK_RULES: readonly RiskRule[] = [
  {
    id: "withdrawal_address_changed",
    tier: "critical",
    title: "Withdrawal address changed after T0",
    when: [{ feature: "withdrawalChanges", op: "gte", value: 1 }],
    reason: "withdrawal address changed after T0 ({withdrawalChanges}×)",
  },
  {
    id: "password_changed",
    tier: "critical",
    title: "Password changed after T0",
    when: [{ feature: "passwordChangedHoursAfterT0", op: "present" }],
    reason: "password changed {passwordChangedHoursAfterT0} after T0",
  },
  {
    id: "security_details_changed",
    tier: "critical",
    title: "2FA or e-mail changed after T0",
    when: [{ feature: "securityChanges", op: "gte", value: 1 }],
    reason: "2FA or e-mail changed after T0 ({securityChanges}×)",
  },
  {
    id: "new_device_login",
    tier: "high",
    title: "Login from a new device or IP after T0",
    when: [{ feature: "newDeviceLogins", op: "gte", value: 1 }],
    reason: "new-device login after T0 ({newDeviceLogins}×)",
  },
  {
    id: "api_key_created",
    tier: "high",
    title: "API key created after T0",
    when: [{ feature: "apiKeysCreated", op: "gte", value: 1 }],
    reason: "API key created after T0",
  },
  {
    id: "balance_without_2fa",
    tier: "high",
    title: "Balance of $1,000 or more and no 2FA",
    when: [
      { feature: "balanceUsdCents", op: "gte", value: 100_000 },
      { feature: "twoFactorEnabled", op: "is", value: false },
    ],
    reason: "balance {balanceUsdCents} and no 2FA",
  },
  {
    id: "failed_logins",
    tier: "medium",
    title: "Three or more failed logins after T0",
    when: [{ feature: "failedLogins", op: "gte", value: 3 }],
    reason: "{failedLogins} failed logins after T0",
  },
  {
    id: "large_balance",
    tier: "medium",
    title: "Balance of $10,000 or more",
    when: [{ feature: "balanceUsdCents", op: "gte", value: 1_000_000 }],
    reason: "balance {balanceUsdCents}",
  },
  {
    id: "no_2fa",
    tier: "medium",
    title: "Account without 2FA",
    when: [
      { feature: "matched", op: "is", value: true },
      { feature: "twoFactorEnabled", op: "is", value: false },
    ],
    reason: "no 2FA",
  },
  {
    id: "no_account",
    tier: "low",
    title: "No matching customer account",
    when: [{ feature: "matched", op: "is", value: false }],
    reason: "no matching customer account",
  },
];

export const TIER_RANK: Record<RiskTier, number> = { critical: 4, high: 3, medium: 2, low: 1 };

export function ruleById(id: string): RiskRule | undefined {
  return RISK_RULES.find((rule) => rule.id === id);
}

function holds(condition: Condition, features: RiskFeatures): boolean {
  const value = features[condition.feature];
  switch (condition.op) {
    case "present":
      return value !== null;
    case "is":
      return value === condition.value;
    default: {
      if (typeof value !== "number") return false;
      if (condition.op === "gte") return value >= condition.value;
      if (condition.op === "lte") return value <= condition.value;
      if (condition.op === "gt") return value > condition.value;
      return value < condition.value;
    }
  }
}

/** The same evaluation as the SQL, for one address: used by tests and explanations. */
export function evaluateRisk(features: RiskFeatures): { tier: RiskTier; rules: string[] } {
  const fired = RISK_RULES.filter((rule) => rule.when.every((c) => holds(c, features)));
  const tier = fired.reduce<RiskTier>((best, rule) => (TIER_RANK[rule.tier] > TIER_RANK[best] ? rule.tier : best), "low");
  return { tier, rules: fired.map((rule) => rule.id) };
}

function formatFeature(feature: RiskFeature, features: RiskFeatures): string {
  const value = features[feature];
  if (feature === "balanceUsdCents" && typeof value === "number") {
    return formatUsdCents(value);
  }
  if (feature === "passwordChangedHoursAfterT0" && typeof value === "number") {
    if (value < 1) return `${Math.max(1, Math.round(value * 60))} min`;
    if (value < 48) return `${Math.round(value)} h`;
    return `${Math.round(value / 24)} d`;
  }
  return String(value);
}

/** "password changed 3 h after T0": the rule's reason for this address. */
export function explainRule(rule: RiskRule, features: RiskFeatures): string {
  return rule.reason.replace(/\{(\w+)\}/g, (_, name: string) =>
    name in features ? formatFeature(name as RiskFeature, features) : `{${name}}`,
  );
}

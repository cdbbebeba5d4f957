import { BALANCE_TIER_MIN_CENTS, type BalanceTier } from "../../lib/risk/balance-tiers";
import { RISK_RULES, RISK_TIERS, TIER_RANK, type Condition, type RiskFeature } from "../../lib/risk/rules";

// Compiles the risk rules (lib/risk/rules.ts, data) to SQL for the triage
// rebuild (rebuild-triage.ts), in two layers so that each rule is evaluated
// once per row: RULE_FLAGS_SQL over the features (alias f, with the incident's
// T0 as $2) gives one boolean column per rule, and the verdict expressions
// read those columns (alias g). Rule values are numbers and booleans from that
// file, never user input; they are checked anyway before they reach SQL text.

const tierMin = (tier: BalanceTier) => BALANCE_TIER_MIN_CENTS[tier];

export const BALANCE_SQL = `coalesce(f.balance_usd_cents, CASE f.balance_tier
  WHEN 'whale' THEN ${tierMin("whale")} WHEN 'high' THEN ${tierMin("high")}
  WHEN 'medium' THEN ${tierMin("medium")} WHEN 'low' THEN ${tierMin("low")} ELSE 0 END)`;

const FEATURE_SQL: Record<RiskFeature, string> = {
  matched: "(f.account_id IS NOT NULL)",
  twoFactorEnabled: "coalesce(f.two_factor_enabled, false)",
  balanceUsdCents: "f.balance_value",
  passwordChangedHoursAfterT0: "(extract(epoch FROM (f.password_changed_at - $2::timestamptz)) / 3600.0)",
  securityChanges: "f.security_changes",
  withdrawalChanges: "f.withdrawal_changes",
  newDeviceLogins: "f.new_device_logins",
  failedLogins: "f.failed_logins",
  apiKeysCreated: "f.api_keys_created",
};

const OPS = { gte: ">=", lte: "<=", gt: ">", lt: "<" } as const;

function conditionSql(condition: Condition): string {
  const expr = FEATURE_SQL[condition.feature];
  if (condition.op === "present") return `${expr} IS NOT NULL`;
  if (condition.op === "is") return `${expr} IS ${condition.value ? "TRUE" : "FALSE"}`;
  if (!Number.isFinite(condition.value)) throw new Error(`Rule value must be a finite number`);
  return `${expr} ${OPS[condition.op]} ${condition.value}`;
}

function flag(ruleId: string): string {
  if (!/^[a-z0-9_]+$/.test(ruleId)) throw new Error(`Rule id ${ruleId} must be snake_case`);
  return `g.rule_${ruleId}`;
}

/** One boolean column per rule (rule_<id>), over the features f. */
export const RULE_FLAGS_SQL = RISK_RULES.map(
  (rule) => `(${rule.when.map(conditionSql).join(" AND ")}) AS ${flag(rule.id).slice(2)}`,
).join(",\n       ");

/** text[] of the rules that fire. */
export const RULES_FIRED_SQL = `array_remove(ARRAY[${RISK_RULES.map((rule) => `CASE WHEN ${flag(rule.id)} THEN '${rule.id}' END`).join(", ")}]::text[], NULL)`;

function tierCase(then: (tier: (typeof RISK_TIERS)[number]) => string): string {
  return `CASE ${RISK_TIERS.filter((tier) => tier !== "low")
    .map((tier) => {
      const rules = RISK_RULES.filter((r) => r.tier === tier);
      return rules.length ? `WHEN ${rules.map((r) => flag(r.id)).join(" OR ")} THEN ${then(tier)}` : "";
    })
    .join(" ")} ELSE ${then("low")} END`;
}

/** The highest tier among the rules that fire ('low' when none). */
export const TIER_SQL = tierCase((tier) => `'${tier}'`);

/** Tier first, then balance: one sortable number for keyset pagination. */
export const RISK_SORT_SQL = `${tierCase((tier) => String(TIER_RANK[tier]))}::bigint * 100000000000000 + least(g.balance_value, 99999999999999)`;

export const BALANCE_TIER_SQL = `CASE WHEN f.balance_usd_cents IS NULL THEN f.balance_tier
  WHEN f.balance_usd_cents <= 0 THEN 'zero' WHEN f.balance_usd_cents < ${tierMin("medium")} THEN 'low'
  WHEN f.balance_usd_cents < ${tierMin("high")} THEN 'medium' WHEN f.balance_usd_cents < ${tierMin("whale")} THEN 'high'
  ELSE 'whale' END`;

import { BALANCE_TIER_MIN_CENTS, isBalanceTier } from "./balance-tiers";
import { explainRule, ruleById, type RiskFeatures, type RiskRule } from "./rules";

export type TriageRowFeatures = {
  accountId: number | null;
  twoFactorEnabled: boolean | null;
  balanceUsdCents: number | null;
  balanceTier: string | null;
  passwordChangedAt: Date | null;
  securityChanges: number;
  withdrawalChanges: number;
  newDeviceLogins: number;
  failedLogins: number;
  apiKeysCreated: number;
};

/** The rule features of one triage row, as the SQL computes them. */
export function featuresOf(row: TriageRowFeatures, awareAt: Date): RiskFeatures {
  return {
    matched: row.accountId !== null,
    twoFactorEnabled: row.twoFactorEnabled ?? false,
    balanceUsdCents:
      row.balanceUsdCents ?? (isBalanceTier(row.balanceTier) ? BALANCE_TIER_MIN_CENTS[row.balanceTier] : 0),
    passwordChangedHoursAfterT0: row.passwordChangedAt
      ? (row.passwordChangedAt.getTime() - awareAt.getTime()) / 3_600_000
      : null,
    securityChanges: row.securityChanges,
    withdrawalChanges: row.withdrawalChanges,
    newDeviceLogins: row.newDeviceLogins,
    failedLogins: row.failedLogins,
    apiKeysCreated: row.apiKeysCreated,
  };
}

export type FiredRule = { id: string; tier: RiskRule["tier"]; title: string; reason: string };

/** A fired rule with its tier and title; none when no rule has that id any more. */
function fired(id: string, reasonOf: (rule: RiskRule) => string): FiredRule[] {
  const rule = ruleById(id);
  return rule ? [{ id, tier: rule.tier, title: rule.title, reason: reasonOf(rule) }] : [];
}

/** The rules that fired for a row, each with its reason ("password changed 3 h after T0"). */
export function explainRow(ruleIds: readonly string[], features: RiskFeatures): FiredRule[] {
  return ruleIds.flatMap((id) => fired(id, (rule) => explainRule(rule, features)));
}

/** Rules sent as id and reason (the triage table's rows), with their tier and title again. */
export function firedRulesOf(rules: readonly { id: string; reason: string }[]): FiredRule[] {
  return rules.flatMap(({ id, reason }) => fired(id, () => reason));
}

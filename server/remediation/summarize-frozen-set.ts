import "server-only";
import { explainRow, featuresOf } from "../../lib/risk/explain";
import { ruleById, type RiskTier } from "../../lib/risk/rules";
import type { Db } from "../db";

/** What an approver reads before approving: the frozen accounts themselves, not the filter that chose them. */
export type FrozenSetSummary = {
  total: number;
  byTier: { tier: RiskTier; count: number }[];
  byRule: { id: string; title: string; count: number }[];
  /** Sum of the known balances, in US cents; accounts with no known balance are counted apart. */
  balanceUsdCents: number;
  withoutBalance: number;
  /** Accounts that already had a reset or a hold in this incident. */
  alreadyActioned: number;
  /** The first accounts in the order they run, with why each is there (each fired rule and its figure). */
  sample: { accountId: number; externalId: string; tier: RiskTier; balanceUsdCents: number | null; reasons: string[] }[];
};

const TIER_ORDER: RiskTier[] = ["critical", "high", "medium", "low"];
const SAMPLE_SIZE = 10;

const FROZEN = `FROM bulk_action_items i
  JOIN bulk_actions b ON b.id = i.bulk_action_id AND b.incident_id = $1::uuid
  JOIN triage_entries t ON t.incident_id = $1::uuid AND t.account_id = i.account_id
 WHERE i.bulk_action_id = $2::uuid`;

/**
 * The frozen set of a bulk action summarised: counts by tier and by rule,
 * the balance it affects, how many were already acted on, and a sample with
 * the "why". Three aggregate reads over the action's items (one index range).
 */
export async function summarizeFrozenSet(
  db: Db,
  incident: { id: string; awareAt: Date },
  bulkActionId: string,
): Promise<FrozenSetSummary> {
  const params = [incident.id, bulkActionId];
  const [tiers, rules, sample] = await Promise.all([
    db.sql.query<{ tier: RiskTier; n: number; balance: string | number | null; unknown: number; actioned: number }>(
      `SELECT t.risk_tier::text AS tier, count(*)::int AS n, sum(t.balance_usd_cents)::text AS balance,
              count(*) FILTER (WHERE t.balance_usd_cents IS NULL)::int AS unknown,
              count(*) FILTER (WHERE EXISTS (SELECT 1 FROM account_remediation ar
                                              WHERE ar.incident_id = $1::uuid AND ar.account_id = i.account_id
                                                AND (ar.reset_status <> 'none' OR ar.hold_status <> 'none')))::int AS actioned
         ${FROZEN} GROUP BY 1`,
      params,
    ),
    db.sql.query<{ rule: string; n: number }>(
      `SELECT r.rule, count(*)::int AS n FROM (SELECT unnest(t.risk_rules) AS rule ${FROZEN}) r GROUP BY 1 ORDER BY 2 DESC, 1`,
      params,
    ),
    db.sql.query<{
      account_id: number;
      external_id: string;
      tier: RiskTier;
      risk_rules: string[];
      balance_usd_cents: string | number | null;
      balance_tier: string | null;
      two_factor_enabled: boolean | null;
      password_changed_at: Date | string | null;
      security_changes: number;
      withdrawal_changes: number;
      new_device_logins: number;
      failed_logins: number;
      api_keys_created: number;
    }>(
      `SELECT i.account_id, a.external_id, t.risk_tier::text AS tier, t.risk_rules, t.balance_usd_cents, t.balance_tier,
              t.two_factor_enabled, t.password_changed_at, t.security_changes, t.withdrawal_changes, t.new_device_logins,
              t.failed_logins, t.api_keys_created
         ${FROZEN.replace("WHERE", "JOIN customer_accounts a ON a.id = i.account_id WHERE")}
        ORDER BY i.seq LIMIT ${SAMPLE_SIZE}`,
      params,
    ),
  ]);
  const byTier = tiers
    .map((row) => ({ tier: row.tier, count: Number(row.n) }))
    .sort((a, b) => TIER_ORDER.indexOf(a.tier) - TIER_ORDER.indexOf(b.tier));
  return {
    total: byTier.reduce((sum, row) => sum + row.count, 0),
    byTier,
    byRule: rules.map((row) => ({ id: row.rule, title: ruleById(row.rule)?.title ?? row.rule, count: Number(row.n) })),
    balanceUsdCents: tiers.reduce((sum, row) => sum + Number(row.balance ?? 0), 0),
    withoutBalance: tiers.reduce((sum, row) => sum + Number(row.unknown), 0),
    alreadyActioned: tiers.reduce((sum, row) => sum + Number(row.actioned), 0),
    sample: sample.map((row) => {
      const balance = row.balance_usd_cents === null ? null : Number(row.balance_usd_cents);
      const features = featuresOf(
        {
          accountId: Number(row.account_id),
          twoFactorEnabled: row.two_factor_enabled,
          balanceUsdCents: balance,
          balanceTier: row.balance_tier,
          passwordChangedAt: row.password_changed_at === null ? null : new Date(row.password_changed_at),
          securityChanges: Number(row.security_changes),
          withdrawalChanges: Number(row.withdrawal_changes),
          newDeviceLogins: Number(row.new_device_logins),
          failedLogins: Number(row.failed_logins),
          apiKeysCreated: Number(row.api_keys_created),
        },
        incident.awareAt,
      );
      return {
        accountId: Number(row.account_id),
        externalId: row.external_id,
        tier: row.tier,
        balanceUsdCents: balance,
        // The rule's name with its own figure: "Account without 2FA (balance $18,128,633)".
        reasons: explainRow(row.risk_rules, features).map((rule) => `${rule.title} (${rule.reason})`),
      };
    }),
  };
}

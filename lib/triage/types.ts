import type { FiredRule } from "../risk/explain";
import type { RiskTier } from "../risk/rules";
import type { RemediationState } from "../remediation/state";

/** One row of the triage table, as the server sends it (addresses already masked where they must be). */
export type TriageRow = {
  id: number;
  accountId: number | null;
  externalId: string | null;
  email: string;
  riskTier: RiskTier;
  rules: FiredRule[];
  twoFactorEnabled: boolean | null;
  balanceUsdCents: number | null;
  balanceTier: string | null;
  country: string | null;
  eventsAfterT0: number;
  lastEventAt: Date | null;
  exposureCount: number;
  seenBy: number;
  firstMessageId: number;
  remediation: RemediationState;
};

/**
 * What a row of the Exposed accounts table needs in the browser, and no more:
 * fifty of them travel with every view of the table. A fired rule is its id
 * and its reason; its tier and title come from RISK_RULES, which the browser
 * has.
 */
export type TriageTableRow = Pick<
  TriageRow,
  | "id"
  | "accountId"
  | "externalId"
  | "email"
  | "riskTier"
  | "twoFactorEnabled"
  | "balanceUsdCents"
  | "balanceTier"
  | "country"
  | "eventsAfterT0"
  | "lastEventAt"
  | "seenBy"
> & {
  rules: { id: string; reason: string }[];
  remediation: Pick<RemediationState, "reset" | "hold" | "holdUntil">;
};

export function toTriageTableRow(row: TriageRow): TriageTableRow {
  return {
    id: row.id,
    accountId: row.accountId,
    externalId: row.externalId,
    email: row.email,
    riskTier: row.riskTier,
    twoFactorEnabled: row.twoFactorEnabled,
    balanceUsdCents: row.balanceUsdCents,
    balanceTier: row.balanceTier,
    country: row.country,
    eventsAfterT0: row.eventsAfterT0,
    lastEventAt: row.lastEventAt,
    seenBy: row.seenBy,
    rules: row.rules.map((rule) => ({ id: rule.id, reason: rule.reason })),
    remediation: { reset: row.remediation.reset, hold: row.remediation.hold, holdUntil: row.remediation.holdUntil },
  };
}

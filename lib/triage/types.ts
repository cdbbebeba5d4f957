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

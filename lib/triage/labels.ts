import { formatCount } from "../format/numbers";
import type { RiskTier } from "../risk/rules";
import type { ACTION_STATUSES, TriageSort } from "./filter";

export const TIER_LABELS: Record<RiskTier, string> = {
  critical: "Critical",
  high: "High",
  medium: "Medium",
  low: "Low",
};

export const ACTION_STATUS_LABELS: Record<(typeof ACTION_STATUSES)[number], string> = {
  none: "No action yet",
  reset_requested: "Reset requested",
  reset_sent: "Reset forced",
  reset_completed: "Reset completed by customer",
  hold_active: "Withdrawals held",
  hold_released: "Hold released",
  hold_expired: "Hold expired",
};

export const SORT_LABELS: Record<TriageSort, string> = {
  risk: "Risk (highest first)",
  balance: "Balance (largest first)",
  last_event: "Last event (newest first)",
  email: "E-mail (A–Z)",
};

export function actionStatusLabel(status: string): string {
  return (ACTION_STATUS_LABELS as Record<string, string>)[status] ?? status;
}

/** "1,234 accounts match": the result line above the table. */
export function matchCountText(count: number): string {
  const n = formatCount(count);
  return count === 1 ? "1 account matches" : `${n} accounts match`;
}

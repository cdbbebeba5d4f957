import "server-only";
import { toCsv, type CsvValue } from "../../lib/csv/escape";
import type { RemediationCharts } from "../../lib/remediation-charts/types";

export const REMEDIATION_CHARTS = [
  "funnel",
  "burndown",
  "actions",
  "active-holds",
  "hold-expiries",
  "status-by-tier",
  "first-action",
  "takeover-attempts",
] as const;
export type RemediationChartName = (typeof REMEDIATION_CHARTS)[number];

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * One chart's data as CSV, the same numbers the chart and its table show.
 * Charts hold aggregates only (no addresses, nothing to mask); every cell
 * still goes through the formula-injection escaping (lib/csv/escape.ts) used
 * by the accounts export.
 */
export function remediationChartCsv(data: RemediationCharts, chart: RemediationChartName): string {
  const bucket = `${data.bucket.label}`;
  const table: CsvValue[][] = (() => {
    switch (chart) {
      case "funnel":
        return [["stage", "accounts"], ...data.funnel.map((s) => [s.label, s.accounts])];
      case "burndown":
        return [["at_utc", "open_critical_and_high_accounts"], ...data.burndown.map((p) => [iso(p.t), p.open])];
      case "actions":
        return [
          ["bucket_start_utc", "bucket", "resets_forced", "holds_placed", "holds_released", "resets_completed_by_customers"],
          ...data.actions.map((p) => [iso(p.t), bucket, p.resets, p.holds, p.releases, p.completed]),
        ];
      case "active-holds":
        return [["at_utc", "active_holds"], ...data.activeHolds.map((p) => [iso(p.t), p.active])];
      case "hold-expiries":
        return [
          ["day_starting_utc", "holds_expiring"],
          ...data.expiries.ahead.map((p) => [iso(p.t), p.expiring]),
          ["later", data.expiries.later],
          ["until released (no expiry)", data.expiries.indefinite],
        ];
      case "status-by-tier":
        return [
          ["risk_tier", "no_action_yet", "reset_forced", "reset_completed", "withdrawals_held", "hold_ended", "no_account"],
          ...data.statusByTier.map((r) => [r.tier, r.untouched, r.resetForced, r.resetCompleted, r.held, r.holdEnded, r.noAccount]),
        ];
      case "first-action":
        return [
          ["hours_after_t0", "accounts"],
          ...data.firstAction.bins.map((b) => [b.label, b.accounts]),
          ["not actioned yet", data.firstAction.notActioned],
          ["median_hours", data.firstAction.medianHours === null ? "" : data.firstAction.medianHours.toFixed(1)],
        ];
      case "takeover-attempts":
        return [
          ["bucket_start_utc", "bucket", "attempts_on_accounts_not_yet_actioned", "attempts_on_actioned_accounts", "actions_taken"],
          ...data.attempts.map((p) => [iso(p.t), bucket, p.beforeAction, p.afterAction, p.actions]),
        ];
    }
  })();
  return toCsv(table);
}

import type { ChartView } from "./types";

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

export type ChartTable = { columns: string[]; rows: (string | number)[][] };

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * One chart's numbers as a table: what "Show as table" displays and what the
 * CSV export holds (times in ISO 8601 UTC unless `time` says otherwise).
 * Time series leave out the buckets with nothing in them (`compact`) for
 * reading; the CSV keeps every bucket.
 */
export function chartTable(
  data: ChartView,
  chart: RemediationChartName,
  options: { time?: (ms: number) => string; compact?: boolean } = {},
): ChartTable {
  const time = options.time ?? iso;
  const keep = <T>(points: T[], busy: (p: T, i: number) => boolean) => (options.compact ? points.filter(busy) : points);
  switch (chart) {
    case "funnel":
      return { columns: ["Stage", "Accounts"], rows: data.funnel.map((s) => [s.label, s.accounts]) };
    case "burndown":
      return {
        columns: ["At (UTC)", "Open critical and high accounts"],
        rows: keep(
          data.burndown,
          (p, i) => i === 0 || i === data.burndown.length - 1 || p.open !== data.burndown[i - 1]!.open,
        ).map((p) => [time(p.t), p.open]),
      };
    case "actions":
      return {
        columns: [
          `${data.bucket.label} from (UTC)`,
          "Resets forced",
          "Holds placed",
          "Holds released",
          "Resets completed by customers",
        ],
        rows: keep(data.actions, (p) => p.resets + p.holds + p.releases + p.completed > 0).map((p) => [
          time(p.t),
          p.resets,
          p.holds,
          p.releases,
          p.completed,
        ]),
      };
    case "active-holds":
      return {
        columns: ["At (UTC)", "Active withdrawal holds"],
        rows: keep(
          data.activeHolds,
          (p, i) => i === 0 || i === data.activeHolds.length - 1 || p.active !== data.activeHolds[i - 1]!.active,
        ).map((p) => [time(p.t), p.active]),
      };
    case "hold-expiries":
      return {
        columns: ["Expiring on the day from (UTC)", "Holds"],
        rows: [
          ...data.expiries.ahead.map((p) => [time(p.t), p.expiring]),
          ["Later", data.expiries.later],
          ["Until released (no expiry)", data.expiries.indefinite],
        ],
      };
    case "status-by-tier":
      return {
        columns: [
          "Risk tier",
          "No action yet",
          "Reset forced",
          "Reset completed",
          "Withdrawals held",
          "Hold ended",
          "No account",
        ],
        rows: data.statusByTier.map((r) => [
          r.tier,
          r.untouched,
          r.resetForced,
          r.resetCompleted,
          r.held,
          r.holdEnded,
          r.noAccount,
        ]),
      };
    case "first-action":
      return {
        columns: ["Time from T0 to first action", "Accounts"],
        rows: [
          ...data.firstAction.bins.map((b) => [b.label, b.accounts]),
          ["Not actioned yet", data.firstAction.notActioned],
          [
            "Median (hours)",
            data.firstAction.medianHours === null ? "" : Number(data.firstAction.medianHours.toFixed(1)),
          ],
        ],
      };
    case "takeover-attempts":
      return {
        columns: [
          `${data.bucket.label} from (UTC)`,
          "Attempts on accounts not yet actioned",
          "Attempts on actioned accounts",
          "Actions taken",
        ],
        rows: keep(data.attempts, (p) => p.beforeAction + p.afterAction + p.actions > 0).map((p) => [
          time(p.t),
          p.beforeAction,
          p.afterAction,
          p.actions,
        ]),
      };
  }
}

import type { RiskTier } from "../risk/rules";
import type { ChartRange } from "./buckets";

// The remediation page's data, as the server sends it to the browser: only
// aggregates (at most MAX_POINTS points per time series, whatever the
// incident's size), times as epoch milliseconds (UTC).

/** The width of one time bucket, chosen by the span so a series stays short. */
export type TimeBucket = { hours: number; label: string };

export type ChartMilestone = { key: string; label: string; at: number };

export type HeadlineNumbers = {
  exposed: number;
  matched: number;
  criticalHighUntouched: number;
  criticalHigh: number;
  resetsForced: number;
  resetsCompleted: number;
  holdsActive: number;
  holdsReleased: number;
  holdsExpired: number;
  /** Security events after T0 on exposed accounts (every kind feeds a risk rule). */
  takeoverAttempts: number;
  /** Holds released by staff, as events: an account released, held again and released counts twice. */
  holdReleases: number;
  /** Exposed accounts with at least one such event. */
  accountsAttempted: number;
};

export type FunnelStage = { key: string; label: string; accounts: number };

export type BurndownPoint = { t: number; open: number };
export type ActionsPoint = { t: number; resets: number; holds: number; releases: number; completed: number };
export type ActiveHoldsPoint = { t: number; active: number };
export type ExpiryPoint = { day: number; t: number; expiring: number };
export type TierStatus = {
  tier: RiskTier;
  untouched: number;
  resetForced: number;
  resetCompleted: number;
  held: number;
  holdEnded: number;
  noAccount: number;
};
export type FirstActionBin = { label: string; fromHours: number; toHours: number | null; accounts: number };
export type AttemptsPoint = { t: number; beforeAction: number; afterAction: number; actions: number };

/** One view of the charts: the time series of one window (see RemediationCharts.ranges). */
export type ChartView = {
  t0: number;
  /** Where every time axis ends (the latest remediation or event, at least a day after T0). */
  end: number;
  generatedAt: number;
  bucket: TimeBucket;
  milestones: ChartMilestone[];
  headline: HeadlineNumbers;
  funnel: FunnelStage[];
  burndown: BurndownPoint[];
  actions: ActionsPoint[];
  activeHolds: ActiveHoldsPoint[];
  expiries: { ahead: ExpiryPoint[]; later: number; indefinite: number };
  statusByTier: TierStatus[];
  firstAction: {
    bins: FirstActionBin[];
    medianHours: number | null;
    medianHoursByTier: Record<RiskTier, number | null>;
    actioned: number;
    notActioned: number;
  };
  attempts: AttemptsPoint[];
  /** The narrowest window holding all activity so far: what the page shows first. */
  defaultRange: ChartRange;
};

/** What is computed and stored: the whole span's view, and the time series again for each window from T0. */
export type RemediationCharts = ChartView & { ranges: Record<ChartRange, ChartSeries> };

/** The time series of one window. */
export type ChartSeries = Pick<
  ChartView,
  "end" | "bucket" | "milestones" | "burndown" | "actions" | "activeHolds" | "attempts"
>;

import { RISK_TIERS, type RiskTier } from "../risk/rules";
import { bucketStarts, cumulative, medianFromHours, sumIntoBuckets } from "./buckets";
import type { BurndownPoint, FirstActionBin, FunnelStage, HeadlineNumbers, TierStatus, TimeBucket } from "./types";

/**
 * One group of the status query: exposed addresses of a tier, matched or not,
 * in one reset and hold state, whose first action fell in a given hour after
 * T0 (null: never actioned), with their security events after T0.
 */
export type StatusGroup = {
  tier: RiskTier;
  matched: boolean;
  reset: "none" | "requested" | "sent" | "completed";
  hold: "none" | "active" | "released" | "expired";
  hour: number | null;
  n: number;
  events: number;
  attempted: number;
};

const URGENT: readonly RiskTier[] = ["critical", "high"];
const isUntouched = (g: StatusGroup) => g.reset === "none" && g.hold === "none";

/** The numbers at the top of the page; each is exactly the count of a triage-table filter (see headlineLinks). */
export function headlineFrom(groups: readonly StatusGroup[], holdReleases: number): HeadlineNumbers {
  const sum = (keep: (g: StatusGroup) => boolean, value: (g: StatusGroup) => number = (g) => g.n) =>
    groups.reduce((total, g) => (keep(g) ? total + value(g) : total), 0);
  return {
    exposed: sum(() => true),
    matched: sum((g) => g.matched),
    criticalHigh: sum((g) => URGENT.includes(g.tier)),
    criticalHighUntouched: sum((g) => URGENT.includes(g.tier) && isUntouched(g)),
    resetsForced: sum((g) => g.reset === "requested" || g.reset === "sent"),
    resetsCompleted: sum((g) => g.reset === "completed"),
    holdsActive: sum((g) => g.hold === "active"),
    holdsReleased: sum((g) => g.hold === "released"),
    holdsExpired: sum((g) => g.hold === "expired"),
    holdReleases,
    takeoverAttempts: sum(
      () => true,
      (g) => g.events,
    ),
    accountsAttempted: sum(
      () => true,
      (g) => g.attempted,
    ),
  };
}

/** Exposed, matched, actioned, then each action kind: started and finished. */
export function funnelFrom(groups: readonly StatusGroup[]): FunnelStage[] {
  const sum = (keep: (g: StatusGroup) => boolean) => groups.reduce((total, g) => (keep(g) ? total + g.n : total), 0);
  return [
    { key: "exposed", label: "Exposed", accounts: sum(() => true) },
    { key: "matched", label: "Matched to an account", accounts: sum((g) => g.matched) },
    { key: "actioned", label: "Actioned (reset or hold)", accounts: sum((g) => g.matched && !isUntouched(g)) },
    { key: "reset_forced", label: "Password reset forced", accounts: sum((g) => g.reset !== "none") },
    { key: "reset_completed", label: "Reset completed by the customer", accounts: sum((g) => g.reset === "completed") },
    { key: "hold_placed", label: "Withdrawals held", accounts: sum((g) => g.hold !== "none") },
    {
      key: "hold_ended",
      label: "Hold released or expired",
      accounts: sum((g) => g.hold === "released" || g.hold === "expired"),
    },
  ];
}

/**
 * Each tier's accounts by their most protective state (an account counts
 * once): withdrawals held, reset completed, reset forced, hold ended, no
 * action yet; addresses without an account cannot be actioned.
 */
export function statusByTierFrom(groups: readonly StatusGroup[]): TierStatus[] {
  return RISK_TIERS.map((tier) => {
    const row: TierStatus = {
      tier,
      untouched: 0,
      resetForced: 0,
      resetCompleted: 0,
      held: 0,
      holdEnded: 0,
      noAccount: 0,
    };
    for (const g of groups) {
      if (g.tier !== tier) continue;
      if (!g.matched) row.noAccount += g.n;
      else if (g.hold === "active") row.held += g.n;
      else if (g.reset === "completed") row.resetCompleted += g.n;
      else if (g.reset !== "none") row.resetForced += g.n;
      else if (g.hold !== "none") row.holdEnded += g.n;
      else row.untouched += g.n;
    }
    return row;
  });
}

const HOUR_MS = 3_600_000;

/**
 * Open critical and high accounts (no action yet) at T0 and at the end of
 * each bucket: all of them, less those whose first action came by then.
 */
export function burndownFrom(
  groups: readonly StatusGroup[],
  t0: number,
  bucket: TimeBucket,
  count: number,
): BurndownPoint[] {
  const urgent = groups.filter((g) => URGENT.includes(g.tier));
  const total = urgent.reduce((sum, g) => sum + g.n, 0);
  const firstActions = urgent.flatMap((g) => (g.hour === null ? [] : [{ hour: g.hour, n: g.n }]));
  const beforeT0 = firstActions.filter((r) => r.hour < 0).reduce((sum, r) => sum + r.n, 0);
  const perBucket = sumIntoBuckets(
    firstActions.filter((r) => r.hour >= 0),
    bucket,
    count,
  );
  const done = cumulative(perBucket);
  const starts = bucketStarts(t0, bucket, count);
  return [
    { t: t0, open: total - beforeT0 },
    ...done.map((d, i) => ({ t: starts[i]! + bucket.hours * HOUR_MS, open: total - beforeT0 - d })),
  ];
}

const FIRST_ACTION_BINS: readonly [string, number, number | null][] = [
  ["< 1 h", 0, 1],
  ["1–4 h", 1, 4],
  ["4–12 h", 4, 12],
  ["12–24 h", 12, 24],
  ["1–2 d", 24, 48],
  ["2–3 d", 48, 72],
  ["3–7 d", 72, 168],
  ["> 7 d", 168, null],
];

/** Time from T0 to each matched account's first action: a histogram, the median, and who is still waiting. */
export function firstActionFrom(groups: readonly StatusGroup[]): {
  bins: FirstActionBin[];
  medianHours: number | null;
  medianHoursByTier: Record<RiskTier, number | null>;
  actioned: number;
  notActioned: number;
} {
  const hours = groups.flatMap((g) => (g.matched && g.hour !== null ? [{ hour: g.hour, n: g.n }] : []));
  const bins = FIRST_ACTION_BINS.map(([label, fromHours, toHours]) => ({
    label,
    fromHours,
    toHours,
    accounts: hours
      .filter((r) => (fromHours === 0 || r.hour >= fromHours) && (toHours === null || r.hour < toHours))
      .reduce((sum, r) => sum + r.n, 0),
  }));
  const actioned = hours.reduce((sum, r) => sum + r.n, 0);
  const matched = groups.reduce((sum, g) => (g.matched ? sum + g.n : sum), 0);
  // Per tier too: one late bulk action on thousands of medium accounts must
  // not hide how fast the critical ones were handled.
  const medianOf = (keep: (g: StatusGroup) => boolean) =>
    medianFromHours(
      groups.flatMap((g) => (g.matched && g.hour !== null && keep(g) ? [{ hour: Math.max(0, g.hour), n: g.n }] : [])),
    );
  return {
    bins,
    medianHours: medianFromHours(hours.map((r) => ({ hour: Math.max(0, r.hour), n: r.n }))),
    medianHoursByTier: Object.fromEntries(RISK_TIERS.map((tier) => [tier, medianOf((g) => g.tier === tier)])) as Record<
      RiskTier,
      number | null
    >,
    actioned,
    notActioned: matched - actioned,
  };
}

import { formatUtc } from "../format/dates";
import { TIER_LABELS } from "../triage/labels";
import type { RemediationChartName } from "./tables";
import type { ChartView } from "./types";

const usNumber = new Intl.NumberFormat("en-US");
const n = (value: number) => usNumber.format(value);
const plural = (value: number, one: string, many = `${one}s`) => `${n(value)} ${value === 1 ? one : many}`;

/** "40 min", "22.7 hours", "3.2 days", "5.1 months", "7.1 years": a duration for people, never "2585.3 days". */
export function formatHours(hours: number): string {
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 48) return `${hours.toFixed(1)} hours`;
  const days = hours / 24;
  if (days < 60) return `${days.toFixed(1)} days`;
  if (days < 730) return `${(days / 30.44).toFixed(1)} months`;
  return `${(days / 365.25).toFixed(1)} years`;
}

/** What each chart says, in words: read by screen readers and printed above the chart. */
export function chartSummary(data: ChartView, chart: RemediationChartName): string {
  const f = Object.fromEntries(data.funnel.map((s) => [s.key, s.accounts]));
  switch (chart) {
    case "funnel":
      return `Of ${plural(f.exposed!, "exposed address", "exposed addresses")}, ${n(f.matched!)} match an account and ${n(f.actioned!)} have been actioned: ${plural(f.reset_forced!, "password reset")} forced (${n(f.reset_completed!)} completed by customers) and ${plural(f.hold_placed!, "withdrawal hold")} placed (${n(f.hold_ended!)} since released or expired).`;
    case "burndown": {
      const first = data.burndown[0]?.open ?? 0;
      const last = data.burndown.at(-1)?.open ?? 0;
      const zero = data.burndown.find((p) => p.open === 0);
      if (first === 0) return "No critical or high-risk account in this incident.";
      return `Open critical and high accounts: ${n(first)} at T0, ${n(last)} now${zero ? `; none left from ${formatUtc(new Date(zero.t))}` : ""}.`;
    }
    case "actions": {
      const totals = data.actions.reduce(
        (t, p) => ({
          resets: t.resets + p.resets,
          holds: t.holds + p.holds,
          releases: t.releases + p.releases,
          completed: t.completed + p.completed,
        }),
        { resets: 0, holds: 0, releases: 0, completed: 0 },
      );
      const busiest = data.actions.reduce(
        (best, p) => (p.resets + p.holds + p.releases > best.resets + best.holds + best.releases ? p : best),
        data.actions[0]!,
      );
      const busy = busiest ? busiest.resets + busiest.holds + busiest.releases : 0;
      return `Since T0: ${plural(totals.resets, "reset")} forced, ${plural(totals.holds, "hold")} placed, ${plural(totals.releases, "hold")} released; customers completed ${plural(totals.completed, "reset")}.${busy ? ` Busiest ${data.bucket.label}: ${formatUtc(new Date(busiest.t))}, ${plural(busy, "action")}.` : ""}`;
    }
    case "active-holds":
    case "hold-expiries": {
      const now = data.activeHolds.at(-1)?.active ?? 0;
      const peak = data.activeHolds.reduce((best, p) => (p.active > best.active ? p : best), { t: data.t0, active: 0 });
      const soon = data.expiries.ahead.reduce((sum, p) => sum + p.expiring, 0);
      return `${plural(now, "withdrawal hold")} active at the end of the chart${peak.active > now ? ` (peak ${n(peak.active)} at ${formatUtc(new Date(peak.t))})` : ""}. ${n(soon)} end by themselves in the next 14 days, ${n(data.expiries.later)} later, ${n(data.expiries.indefinite)} hold until released by hand.`;
    }
    case "status-by-tier":
      return data.statusByTier
        .map((r) => {
          const total = r.untouched + r.resetForced + r.resetCompleted + r.held + r.holdEnded + r.noAccount;
          return `${TIER_LABELS[r.tier]}: ${n(total - r.untouched - r.noAccount)} of ${n(total)} actioned`;
        })
        .join("; ")
        .concat(".");
    case "first-action":
      return data.firstAction.medianHours === null
        ? `No account has been actioned yet (${n(data.firstAction.notActioned)} matched accounts waiting).`
        : `Median time from T0 to an account's first action: ${formatHours(data.firstAction.medianHours)}. ${n(data.firstAction.actioned)} accounts actioned, ${n(data.firstAction.notActioned)} not yet.`;
    case "takeover-attempts": {
      const before = data.attempts.reduce((sum, p) => sum + p.beforeAction, 0);
      const after = data.attempts.reduce((sum, p) => sum + p.afterAction, 0);
      return before + after === 0
        ? "No security event on an exposed account since T0."
        : `${plural(before + after, "security event")} on exposed accounts since T0: ${n(before)} hit accounts not yet actioned, ${n(after)} came after the account's reset or hold.`;
    }
  }
}

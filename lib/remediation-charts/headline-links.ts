import { triageFilterToParams, type TriageFilter } from "../triage/filter";
import type { HeadlineNumbers } from "./types";

/**
 * The triage-table filter behind each headline number: the table opened from
 * a number lists exactly the accounts it counts (the integration test checks
 * each count against the table's own count for its filter).
 */
export const HEADLINE_FILTERS: Record<
  Exclude<keyof HeadlineNumbers, "criticalHigh" | "takeoverAttempts" | "holdReleases">,
  Partial<TriageFilter>
> = {
  exposed: {},
  matched: { matched: "yes" },
  criticalHighUntouched: { tier: ["critical", "high"], action: ["none"] },
  resetsForced: { action: ["reset_requested", "reset_sent"] },
  resetsCompleted: { action: ["reset_completed"] },
  holdsActive: { action: ["hold_active"] },
  holdsReleased: { action: ["hold_released"] },
  holdsExpired: { action: ["hold_expired"] },
  accountsAttempted: { events: "yes" },
};

export type HeadlineLinkKey = keyof typeof HEADLINE_FILTERS;

/** The Exposed accounts table's URL for a headline number. */
export function headlineHref(slug: string, key: HeadlineLinkKey): string {
  const query = triageFilterToParams(HEADLINE_FILTERS[key]).toString();
  return `/incidents/${encodeURIComponent(slug)}/accounts${query ? `?${query}` : ""}`;
}

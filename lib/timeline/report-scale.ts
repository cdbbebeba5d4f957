import { formatCount } from "../format/numbers";
import type { ReportStats } from "./report-defaults";

/** The report's "Scale" rows (label, value, detail), for the page and the evidence pack's PDF alike. */
export function reportScaleRows(stats: ReportStats): [string, string, string?][] {
  return [
    ["Distinct e-mail addresses exposed", formatCount(stats.uniqueAddresses)],
    [
      "Recipient entries in the leaked messages",
      formatCount(stats.leakedRecipients),
      `${formatCount(stats.messages)} messages`,
    ],
    ["Exposed addresses matched to customer accounts", formatCount(stats.matchedAccounts)],
    [
      "Remediation actions completed",
      formatCount(stats.completedActions),
      `${formatCount(stats.openActions)} in progress`,
    ],
    ["Withdrawal holds in force", formatCount(stats.activeHolds)],
    ["Exposed accounts with security changes after T0", formatCount(stats.changedAfterT0)],
  ];
}

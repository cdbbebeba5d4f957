import { formatCount, formatPercent } from "@/lib/format/numbers";
import { StatCard } from "../ui/stat-card";

export type KeyNumbers = {
  leakedRecipients: number;
  uniqueAddresses: number;
  messages: number;
  matchedAccounts: number;
  changedAfterT0: number;
  openActions: number;
  completedActions: number;
  activeHolds: number;
};

export function KeyNumbersGrid({ stats, awaitingApproval = 0 }: { stats: KeyNumbers; awaitingApproval?: number }) {
  return (
    <dl className="grid grid-cols-1 gap-4 sm:grid-cols-2 xl:grid-cols-4" aria-label="Key numbers">
      <StatCard
        label="Leaked recipients"
        value={formatCount(stats.leakedRecipients)}
        detail={`${formatCount(stats.uniqueAddresses)} unique addresses in ${formatCount(stats.messages)} messages`}
      />
      <StatCard
        label="Matched accounts"
        value={formatCount(stats.matchedAccounts)}
        detail={`${formatPercent(stats.matchedAccounts, stats.uniqueAddresses)} of leaked addresses have an account`}
        tone="warning"
      />
      <StatCard
        label="Changed after T0"
        value={formatCount(stats.changedAfterT0)}
        detail="Exposed accounts with a password or security change after T0"
        tone="danger"
      />
      <StatCard
        label="Open actions"
        value={formatCount(stats.openActions)}
        detail={`${formatCount(awaitingApproval)} awaiting approval · ${formatCount(stats.completedActions)} completed · ${formatCount(stats.activeHolds)} withdrawal holds active`}
        tone={awaitingApproval > 0 ? "warning" : "success"}
      />
    </dl>
  );
}

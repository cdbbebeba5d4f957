import type { ReactNode } from "react";
import { formatUtc } from "@/lib/format/dates";
import { formatUsdCents } from "@/lib/format/numbers";
import { BALANCE_TIER_LABELS, isBalanceTier } from "@/lib/risk/balance-tiers";

export type AccountIdentity = {
  externalId: string;
  email: string;
  twoFactorEnabled: boolean;
  balanceUsdCents: number | null;
  balanceTier: string | null;
  country: string | null;
  openedAt: Date | null;
  lastLoginAt: Date | null;
};

function Item({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex items-baseline justify-between gap-4 py-1.5">
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-right font-medium text-slate-900">{children}</dd>
    </div>
  );
}

/** The balance, with the directory's tier beside it; the tier alone when the directory gave no balance. */
function BalanceText({ cents, tier }: { cents: number | null; tier: string | null }) {
  const tierLabel = isBalanceTier(tier) ? BALANCE_TIER_LABELS[tier] : null;
  if (cents === null) return <>{tierLabel ? `${tierLabel} (tier)` : "—"}</>;
  return (
    <>
      <span className="tabular-nums">{formatUsdCents(cents)}</span>
      {tierLabel ? <span className="ml-1.5 text-xs font-normal text-slate-500">({tierLabel})</span> : null}
    </>
  );
}

/** Who the account is. The e-mail arrives already masked for viewers without the right. */
export function AccountIdentityList({ account }: { account: AccountIdentity }) {
  return (
    <dl className="divide-y divide-slate-100 text-sm">
      <Item label="Account id">
        <span className="font-mono text-xs">{account.externalId}</span>
      </Item>
      <Item label="E-mail">
        <span data-testid="customer-email">{account.email}</span>
      </Item>
      <Item label="2FA">
        {account.twoFactorEnabled ? (
          <span className="text-emerald-700">On</span>
        ) : (
          <span className="text-red-700">Off</span>
        )}
      </Item>
      <Item label="Balance">
        <BalanceText cents={account.balanceUsdCents} tier={account.balanceTier} />
      </Item>
      <Item label="Country">{account.country ?? "—"}</Item>
      <Item label="Opened">{account.openedAt ? formatUtc(account.openedAt) : "—"}</Item>
      <Item label="Last login">{account.lastLoginAt ? formatUtc(account.lastLoginAt) : "—"}</Item>
    </dl>
  );
}

import type { ReactNode } from "react";
import { formatUtc } from "@/lib/format/dates";
import { formatUsdCents } from "@/lib/format/numbers";
import { BALANCE_TIER_LABELS, isBalanceTier } from "@/lib/risk/balance-tiers";

export type AccountIdentity = {
  externalId: string;
  email: string;
  twoFactorEnabled: boolean;
  balanceUsdCents: number;
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
        <span className="tabular-nums">{formatUsdCents(account.balanceUsdCents)}</span>
        {isBalanceTier(account.balanceTier) ? (
          <span className="ml-1.5 text-xs font-normal text-slate-500">
            ({BALANCE_TIER_LABELS[account.balanceTier]})
          </span>
        ) : null}
      </Item>
      <Item label="Country">{account.country ?? "—"}</Item>
      <Item label="Opened">{account.openedAt ? formatUtc(account.openedAt) : "—"}</Item>
      <Item label="Last login">{account.lastLoginAt ? formatUtc(account.lastLoginAt) : "—"}</Item>
    </dl>
  );
}

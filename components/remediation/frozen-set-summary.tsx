import Link from "next/link";
import { formatCount, formatUsdCents } from "@/lib/format/numbers";
import type { RiskTier } from "@/lib/risk/rules";
import { RiskTierBadge } from "../triage/risk-tier-badge";

/** The frozen set of a bulk action as the server summarised it (server/remediation/summarize-frozen-set.ts). */
export type FrozenSetSummaryView = {
  total: number;
  byTier: { tier: RiskTier; count: number }[];
  byRule: { id: string; title: string; count: number }[];
  balanceUsdCents: number;
  withoutBalance: number;
  alreadyActioned: number;
  sample: { accountId: number; externalId: string; tier: RiskTier; balanceUsdCents: number | null; reasons: string[] }[];
};

/** Why an account is in the set: its rules' reasons, with its balance unless a reason already says it. */
function whyText(row: FrozenSetSummaryView["sample"][number]): string {
  const balance = row.balanceUsdCents === null ? null : formatUsdCents(row.balanceUsdCents);
  const reasons = row.reasons.length > 0 ? row.reasons.join(" · ") : "no rule fires";
  if (balance === null || reasons.includes(balance)) return reasons;
  return `${reasons} · balance ${balance}`;
}

/**
 * What the approver approves, read from the frozen accounts rather than the
 * filter that chose them: counts by tier and by rule, the balance affected,
 * accounts already acted on, a sample with why each is there, and a link to
 * exactly these accounts in the Exposed accounts table.
 */
export function FrozenSetSummary({
  summary,
  tableHref,
  accountHrefBase,
}: {
  summary: FrozenSetSummaryView;
  tableHref: string;
  accountHrefBase: string;
}) {
  return (
    <div className="space-y-3 text-sm" data-testid="frozen-set-summary">
      <div className="flex flex-wrap gap-1.5" role="group" aria-label="Accounts by risk tier">
        {summary.byTier.map((row) => (
          <span key={row.tier} className="inline-flex items-center gap-1.5">
            <RiskTierBadge tier={row.tier} />
            <span className="tabular-nums font-semibold text-slate-900">{formatCount(row.count)}</span>
          </span>
        ))}
      </div>
      <dl className="grid grid-cols-[minmax(0,10rem)_1fr] gap-x-3 gap-y-1">
        <dt className="text-slate-500">Balance affected</dt>
        <dd className="tabular-nums text-slate-900" data-testid="frozen-set-balance">
          {formatUsdCents(summary.balanceUsdCents)}
          {summary.withoutBalance > 0 ? (
            <span className="text-xs text-slate-500"> (+{formatCount(summary.withoutBalance)} with no known balance)</span>
          ) : null}
        </dd>
        <dt className="text-slate-500">Already acted on</dt>
        <dd className="text-slate-900" data-testid="frozen-set-actioned">
          <span className="tabular-nums">{formatCount(summary.alreadyActioned)}</span>{" "}
          {summary.alreadyActioned === 1 ? "account has" : "accounts have"} had a reset or a hold in this incident
        </dd>
      </dl>
      {summary.byRule.length > 0 ? (
        <div>
          <p className="text-xs font-medium text-slate-600">Why they are in it (rules that fire)</p>
          <ul className="mt-1 space-y-0.5" data-testid="frozen-set-rules">
            {summary.byRule.map((rule) => (
              <li key={rule.id} className="flex justify-between gap-3">
                <span className="min-w-0 text-slate-700">{rule.title}</span>
                <span className="tabular-nums font-semibold text-slate-900">{formatCount(rule.count)}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {summary.sample.length > 0 ? (
        <div>
          <p className="text-xs font-medium text-slate-600">
            The first {formatCount(summary.sample.length)} of {formatCount(summary.total)}, in the order they run
          </p>
          <ul className="mt-1 divide-y divide-slate-100 rounded-md border border-slate-200 bg-white" data-testid="frozen-set-sample">
            {summary.sample.map((row) => (
              <li key={row.accountId} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-2.5 py-1.5">
                <Link href={`${accountHrefBase}/${row.accountId}`} className="font-mono text-xs text-brand-700 hover:underline">
                  {row.externalId}
                </Link>
                <RiskTierBadge tier={row.tier} />
                <span className="min-w-0 basis-full text-xs text-slate-600 sm:basis-auto">
                  {whyText(row)}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <Link href={tableHref} className="inline-block font-medium text-brand-700 underline underline-offset-2" data-testid="frozen-set-link">
        Open exactly these {formatCount(summary.total)} accounts in the table
      </Link>
    </div>
  );
}

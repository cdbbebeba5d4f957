import Link from "next/link";
import { headlineHref, type HeadlineLinkKey } from "@/lib/remediation-charts/headline-links";
import { formatHours } from "@/lib/remediation-charts/summaries";
import type { HeadlineNumbers } from "@/lib/remediation-charts/types";
import type { RiskTier } from "@/lib/risk/rules";
import { formatCount, formatPercent } from "@/lib/format/numbers";

type Tone = "default" | "danger" | "warning" | "success" | "hold";

const ACCENT: Record<Tone, string> = {
  default: "before:bg-brand-500",
  danger: "before:bg-red-500",
  warning: "before:bg-amber-500",
  success: "before:bg-emerald-500",
  hold: "before:bg-slate-400",
};

export type RegulatorClock = { label: string; value: string; tone: Tone; href: string };

/**
 * The remediation's numbers, each a link to the Exposed accounts table
 * filtered to exactly the accounts it counts (the regulator clock links to
 * the timeline). Shown on the remediation tab and the overview.
 */
export function RemediationHeadline({
  slug,
  headline,
  medianHoursByTier,
  clock,
  linkAccounts,
  omit = [],
}: {
  slug: string;
  headline: HeadlineNumbers;
  /** Per risk tier: one late bulk action on many medium accounts must not hide how fast the urgent ones went. */
  medianHoursByTier: Record<RiskTier, number | null>;
  clock: RegulatorClock | null;
  /** Whether the viewer may open the Exposed accounts table. */
  linkAccounts: boolean;
  /** Numbers the page already shows elsewhere (the overview's exposed and matched). */
  omit?: readonly string[];
}) {
  const h = headline;
  const median = (tier: RiskTier) => {
    const hours = medianHoursByTier[tier];
    return hours === null ? "–" : formatHours(hours);
  };
  const items: {
    key: string;
    label: string;
    value: string;
    detail: string;
    tone: Tone;
    link?: HeadlineLinkKey;
    href?: string;
  }[] = [
    {
      key: "exposed",
      label: "Exposed",
      value: formatCount(h.exposed),
      detail: "leaked addresses",
      tone: "default",
      link: "exposed",
    },
    {
      key: "matched",
      label: "Matched",
      value: formatCount(h.matched),
      detail: `${formatPercent(h.matched, h.exposed)} have an account`,
      tone: "default",
      link: "matched",
    },
    {
      key: "untouched",
      label: "Critical & high untouched",
      value: formatCount(h.criticalHighUntouched),
      detail: `of ${formatCount(h.criticalHigh)} critical and high`,
      tone: h.criticalHighUntouched > 0 ? "danger" : "success",
      link: "criticalHighUntouched",
    },
    {
      key: "resets-forced",
      label: "Resets forced",
      value: formatCount(h.resetsForced),
      detail: "awaiting the customer",
      tone: "default",
      link: "resetsForced",
    },
    {
      key: "resets-completed",
      label: "Resets completed",
      value: formatCount(h.resetsCompleted),
      detail: "by customers",
      tone: "success",
      link: "resetsCompleted",
    },
    {
      key: "holds-active",
      label: "Holds active",
      value: formatCount(h.holdsActive),
      detail: "withdrawals blocked",
      tone: "warning",
      link: "holdsActive",
    },
    {
      key: "holds-released",
      label: "Hold releases",
      // Events, not states: an account released and held again still shows its release.
      value: formatCount(h.holdReleases),
      detail: `${formatCount(h.holdsReleased)} still released · ${formatCount(h.holdsExpired)} expired`,
      tone: "hold",
      link: "holdsReleased",
    },
    {
      key: "attempts",
      label: "Takeover attempts since T0",
      value: formatCount(h.takeoverAttempts),
      detail: `on ${formatCount(h.accountsAttempted)} accounts`,
      tone: h.takeoverAttempts > 0 ? "danger" : "default",
      link: "accountsAttempted",
    },
    {
      key: "median",
      label: "Median time to first action, critical",
      value: median("critical"),
      detail: `from T0 · high ${median("high")} · medium ${median("medium")} · low ${median("low")}`,
      tone: "default",
    },
  ];
  if (clock)
    items.push({
      key: "clock",
      label: clock.label,
      value: clock.value,
      detail: "from T0; GDPR Art. 33 allows 72 h",
      tone: clock.tone,
      href: clock.href,
    });

  const shown = items.filter((item) => !omit.includes(item.key));
  return (
    <ul
      aria-label="Remediation in numbers"
      className={`grid grid-cols-2 gap-3 md:grid-cols-3 ${shown.length % 5 === 0 ? "lg:grid-cols-5" : "lg:grid-cols-4"}`}
      data-testid="remediation-headline"
    >
      {shown.map((item) => {
        const href = item.href ?? (item.link && linkAccounts ? headlineHref(slug, item.link) : undefined);
        const body = (
          <>
            <span className="block min-h-8 text-[11px] font-medium uppercase leading-4 tracking-wide text-slate-600">
              {item.label}
            </span>
            <span
              data-value
              className="mt-1 block whitespace-nowrap text-xl font-semibold tracking-tight text-slate-900 tabular-nums 2xl:text-2xl"
            >
              {item.value}
            </span>
            <span className="mt-0.5 block text-xs text-slate-600">{item.detail}</span>
          </>
        );
        const card = `relative block h-full overflow-hidden rounded-xl border border-slate-200 bg-white py-3 pl-4 pr-3 shadow-sm before:absolute before:inset-y-0 before:left-0 before:w-1 ${ACCENT[item.tone]}`;
        return (
          <li key={item.key} data-headline={item.key}>
            {href ? (
              <Link href={href} className={`${card} transition hover:border-brand-500 hover:shadow`}>
                {body}
              </Link>
            ) : (
              <div className={card}>{body}</div>
            )}
          </li>
        );
      })}
    </ul>
  );
}

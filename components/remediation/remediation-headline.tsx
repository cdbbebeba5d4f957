import Link from "next/link";
import { headlineHref, type HeadlineLinkKey } from "@/lib/remediation-charts/headline-links";
import { formatHours } from "@/lib/remediation-charts/summaries";
import type { HeadlineNumbers } from "@/lib/remediation-charts/types";
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
  medianHours,
  clock,
  linkAccounts,
  omit = [],
}: {
  slug: string;
  headline: HeadlineNumbers;
  medianHours: number | null;
  clock: RegulatorClock | null;
  /** Whether the viewer may open the Exposed accounts table. */
  linkAccounts: boolean;
  /** Numbers the page already shows elsewhere (the overview's exposed and matched). */
  omit?: readonly string[];
}) {
  const h = headline;
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
      label: "Holds released",
      value: formatCount(h.holdsReleased),
      detail: `${formatCount(h.holdsExpired)} expired on their own`,
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
      label: "Median time to first action",
      value: medianHours === null ? "–" : formatHours(medianHours),
      detail: "from T0, per account",
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

"use client";

import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useEffect, useOptimistic, useState, useTransition, type ReactNode } from "react";
import { BALANCE_TIERS, BALANCE_TIER_LABELS } from "@/lib/risk/balance-tiers";
import { RISK_RULES, RISK_TIERS } from "@/lib/risk/rules";
import { ACTION_STATUSES, triageFilterToParams, type TriageFilter, type TriageSort } from "@/lib/triage/filter";
import { ACTION_STATUS_LABELS, SORT_LABELS, TIER_LABELS } from "@/lib/triage/labels";
import { useHydrated } from "../ui/use-hydrated";
import { CheckboxMenu } from "./checkbox-menu";
import { MaskedSearchHint } from "./masked-search-hint";

export type ExposureGroupChoice = { id: number; label: string };

const SEARCH_DEBOUNCE_MS = 350;

const selectClass =
  "field-sizing-content h-8 cursor-pointer disabled:cursor-default appearance-none rounded-md border-0 bg-transparent py-0 pl-1 pr-6 text-sm font-medium text-slate-800 focus:outline-none";

/** A labelled select that looks like the checkbox menus: "2FA: Off ▾". */
function SelectPill({
  id,
  label,
  value,
  active,
  onChange,
  className = "",
  children,
}: {
  id: string;
  label: string;
  value: string;
  active: boolean;
  onChange: (value: string) => void;
  className?: string;
  children: ReactNode;
}) {
  // A choice goes to the URL from onChange: before hydration the select would
  // show it and the table would stay unfiltered, so it waits.
  const hydrated = useHydrated();
  return (
    <div
      className={`relative flex h-8 items-center rounded-md pl-2.5 ring-1 ring-inset focus-within:ring-2 focus-within:ring-brand-500 ${
        active ? "bg-brand-50 ring-brand-100" : "bg-white ring-slate-300"
      }`}
    >
      <label htmlFor={id} className="whitespace-nowrap text-sm text-slate-500">
        {label}:
      </label>
      <select
        id={id}
        value={value}
        disabled={!hydrated}
        onChange={(event) => onChange(event.target.value)}
        className={`${selectClass} ${active ? "text-brand-700" : ""} ${className}`}
      >
        {children}
      </select>
      <span aria-hidden className="pointer-events-none absolute right-2 text-xs text-slate-500">
        ▾
      </span>
    </div>
  );
}

/**
 * The triage filters. Every change goes to the URL (router.replace, without
 * the page cursor), so the server renders the filtered table and the view
 * can be shared by copying the address.
 */
export function TriageFilterBar({
  filter,
  sort,
  sorts,
  addressSearch,
  countries,
  groups,
  clearHref,
  summary,
  actions,
}: {
  filter: TriageFilter;
  sort: TriageSort;
  /** The sorts this viewer may use (not by address when addresses are masked). */
  sorts: readonly TriageSort[];
  /** Whether the search box finds addresses too (not for a viewer who sees them masked: only account ids). */
  addressSearch: boolean;
  countries: readonly string[];
  groups: readonly ExposureGroupChoice[];
  clearHref: string;
  /** The result count (streamed by the server). */
  summary: ReactNode;
  /** Links beside the sort control, e.g. the export. */
  actions: ReactNode;
}) {
  const router = useRouter();
  const pathname = usePathname();
  const [pending, startTransition] = useTransition();
  const [q, setQ] = useState(filter.q ?? "");
  // The search box waits for hydration too: before it, typed text is not sent,
  // and Enter submits the form natively (a GET of nothing: every filter dropped).
  const hydrated = useHydrated();

  // The controls show the new value at once, while the server renders the
  // filtered table; quick successive changes build on each other.
  const [view, setView] = useOptimistic({ filter, sort });
  const apply = (change: Partial<TriageFilter>, nextSort: TriageSort = view.sort) => {
    const next = { ...view.filter, ...change };
    const params = triageFilterToParams(next, { sort: nextSort === "risk" ? undefined : nextSort });
    const query = params.toString();
    startTransition(() => {
      setView({ filter: next, sort: nextSort });
      router.replace(query ? `${pathname}?${query}` : pathname, { scroll: false });
    });
  };

  // The box follows the URL when it changes from elsewhere (Clear filters,
  // the back button), but not when the change is the search we sent: the
  // analyst may have typed on since.
  const urlQ = filter.q ?? "";
  const [syncedQ, setSyncedQ] = useState(urlQ);
  const [sentQ, setSentQ] = useState<string | null>(null);
  if (urlQ !== syncedQ) {
    setSyncedQ(urlQ);
    if (urlQ !== sentQ) setQ(urlQ);
  }
  // An address typed by a viewer who sees addresses masked is not sent: the
  // hint below the box says what works instead, and the table stays.
  const maskedAddress = !addressSearch && q.includes("@");
  const search = (text: string) => {
    if (!addressSearch && text.includes("@")) return;
    setSentQ(text);
    apply({ q: text || undefined });
  };
  // The URL follows the box once typing pauses.
  useEffect(() => {
    const trimmed = q.trim();
    if (trimmed === urlQ) return;
    const timer = setTimeout(() => search(trimmed), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
    // search is rebuilt each render; the filter it reads is what the debounce must see.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q]);

  const yesNo = (value: string) => (value === "yes" || value === "no" ? value : undefined);
  const active =
    view.filter.matched ||
    view.filter.tier.length ||
    view.filter.twoFactor ||
    view.filter.balance.length ||
    view.filter.country.length ||
    view.filter.events ||
    view.filter.action.length ||
    view.filter.group ||
    view.filter.q ||
    view.filter.rule ||
    view.filter.bulk;

  return (
    <div className="space-y-3">
      <form
        role="search"
        aria-label="Filter exposed accounts"
        aria-busy={pending}
        onSubmit={(event) => {
          // Enter in the search box applies at once instead of waiting for the debounce.
          event.preventDefault();
          search(q.trim());
        }}
        className="flex flex-wrap items-center gap-2 rounded-xl border border-slate-200 bg-white p-2.5 shadow-sm"
      >
        <label htmlFor="triage-q" className="sr-only">
          {addressSearch ? "Search by e-mail or account id" : "Search by account id"}
        </label>
        <input
          id="triage-q"
          data-table-search
          type="search"
          value={q}
          disabled={!hydrated}
          onChange={(event) => setQ(event.target.value)}
          placeholder={addressSearch ? "Search e-mail or account id" : "Search account id"}
          autoComplete="off"
          spellCheck={false}
          aria-describedby={maskedAddress ? "triage-q-hint" : undefined}
          className="h-8 w-60 rounded-md border-0 px-2.5 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 placeholder:text-slate-500 focus:ring-2 focus:ring-brand-500"
        />
        <CheckboxMenu
          label="Risk tier"
          options={RISK_TIERS.map((tier) => ({ value: tier, label: TIER_LABELS[tier] }))}
          selected={view.filter.tier}
          onChange={(values) => apply({ tier: values as TriageFilter["tier"] })}
        />
        <SelectPill
          id="triage-2fa"
          label="2FA"
          value={view.filter.twoFactor ?? ""}
          active={!!view.filter.twoFactor}
          onChange={(value) => apply({ twoFactor: yesNo(value) })}
        >
          <option value="">Any</option>
          <option value="yes">On</option>
          <option value="no">Off</option>
        </SelectPill>
        <CheckboxMenu
          label="Balance"
          options={BALANCE_TIERS.map((tier) => ({ value: tier, label: BALANCE_TIER_LABELS[tier] }))}
          selected={view.filter.balance}
          onChange={(values) => apply({ balance: values as TriageFilter["balance"] })}
        />
        <CheckboxMenu
          label="Country"
          options={countries.map((country) => ({ value: country, label: country }))}
          selected={view.filter.country}
          onChange={(values) => apply({ country: values })}
        />
        <SelectPill
          id="triage-events"
          label="Events after T0"
          value={view.filter.events ?? ""}
          active={!!view.filter.events}
          onChange={(value) => apply({ events: yesNo(value) })}
        >
          <option value="">Any</option>
          <option value="yes">Some</option>
          <option value="no">None</option>
        </SelectPill>
        <CheckboxMenu
          label="Action"
          options={ACTION_STATUSES.map((status) => ({ value: status, label: ACTION_STATUS_LABELS[status] }))}
          selected={view.filter.action}
          onChange={(values) => apply({ action: values as TriageFilter["action"] })}
        />
        <SelectPill
          id="triage-matched"
          label="Account"
          value={view.filter.matched ?? ""}
          active={!!view.filter.matched}
          onChange={(value) => apply({ matched: yesNo(value) })}
        >
          <option value="">Any</option>
          <option value="yes">Matched</option>
          <option value="no">No account</option>
        </SelectPill>
        <SelectPill
          id="triage-group"
          label="Message"
          value={String(view.filter.group ?? "")}
          active={!!view.filter.group}
          onChange={(value) => apply({ group: value ? Number(value) : undefined })}
          className="max-w-52"
        >
          <option value="">Any</option>
          {groups.map((group) => (
            <option key={group.id} value={group.id}>
              {group.label}
            </option>
          ))}
        </SelectPill>
        <SelectPill
          id="triage-rule"
          label="Rule"
          value={view.filter.rule ?? ""}
          active={!!view.filter.rule}
          onChange={(value) => apply({ rule: value || undefined })}
          className="max-w-56"
        >
          <option value="">Any</option>
          {RISK_RULES.map((rule) => (
            <option key={rule.id} value={rule.id}>
              {rule.title}
            </option>
          ))}
        </SelectPill>
        {active ? (
          <Link href={clearHref} className="ml-auto px-1 text-sm font-medium text-brand-700 hover:underline">
            Clear filters
          </Link>
        ) : null}
      </form>
      {maskedAddress ? <MaskedSearchHint id="triage-q-hint" /> : null}
      <div className="flex flex-wrap items-center justify-between gap-3 px-1">
        <div className="flex items-center gap-3">
          {summary}
          {pending ? (
            <span role="status" className="text-xs text-slate-500">
              Updating…
            </span>
          ) : null}
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <SelectPill
            id="triage-sort"
            label="Sort"
            value={view.sort}
            active={false}
            onChange={(value) => apply({}, value as TriageSort)}
          >
            {sorts.map((value) => (
              <option key={value} value={value}>
                {SORT_LABELS[value]}
              </option>
            ))}
          </SelectPill>
          {actions}
        </div>
      </div>
    </div>
  );
}

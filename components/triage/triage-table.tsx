"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode, type SyntheticEvent } from "react";
import { formatUtc } from "@/lib/format/dates";
import { formatCount, formatUsdCents } from "@/lib/format/numbers";
import { BALANCE_TIER_LABELS, isBalanceTier } from "@/lib/risk/balance-tiers";
import type { TriageSort } from "@/lib/triage/filter";
import { nextRowIndex } from "@/lib/triage/keyboard";
import { RemediationBadges } from "../remediation/remediation-badges";
import {
  EMPTY_SELECTION,
  isRowSelected,
  pageCheckState,
  togglePage,
  toggleRow,
  type TriageSelection,
} from "@/lib/triage/selection";
import type { TriageTableRow } from "@/lib/triage/types";
import { firedRulesOf } from "@/lib/risk/explain";
import { constantTriageColumns, mergeWhyChips, type OptionalTriageColumn } from "@/lib/triage/table-view";
import { FiredRuleChip, MoreRulesChip } from "./fired-rule-chip";
import { RiskTierBadge } from "./risk-tier-badge";
import { SelectionBar, type SelectionPreviewResult } from "./selection-bar";
import { TableViewMenu } from "./table-view-menu";
import { useTriageTableView } from "./use-triage-table-view";
import { useHydrated } from "../ui/use-hydrated";

export type TriageSelectionProps = {
  /** The table's filter as its URL query: what "all matching" means. */
  query: string;
  matchCount: Promise<number>;
  preview: (selection: TriageSelection) => Promise<SelectionPreviewResult>;
};

const ROW_FOCUS = "[data-row-focus]";
// Beyond this many reasons a row gets tall; the rest fold into "+N more".
const VISIBLE_RULES = 3;

const shortUtcParts = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
  hour12: false,
  timeZone: "UTC",
});

/** "9 Nov 12:24" (UTC): the last event, in as little width as the column allows. */
function shortUtc(date: Date): string {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of shortUtcParts.formatToParts(date)) parts[part.type] = part.value;
  return `${parts.day} ${parts.month} ${parts.hour}:${parts.minute}`;
}

// The 2FA column: null when the directory did not say.
const TWO_FACTOR: Record<string, { label: string; className: string }> = {
  null: { label: "—", className: "text-slate-500" },
  true: { label: "On", className: "text-emerald-700" },
  false: { label: "Off", className: "font-medium text-red-700" },
};

function balanceText(row: TriageTableRow): string {
  if (row.balanceUsdCents !== null) return formatUsdCents(row.balanceUsdCents);
  if (isBalanceTier(row.balanceTier)) return BALANCE_TIER_LABELS[row.balanceTier];
  return "—";
}

function SortHeader({
  label,
  title,
  sortKey,
  sort,
  href,
  align = "left",
}: {
  label: string;
  title?: string;
  sortKey: TriageSort;
  sort: TriageSort;
  href: string | undefined;
  align?: "left" | "right";
}) {
  const current = sort === sortKey;
  if (href === undefined) {
    return (
      <th scope="col" title={title} className={`whitespace-nowrap px-2 py-2 ${align === "right" ? "text-right" : ""}`}>
        {label}
      </th>
    );
  }
  return (
    <th
      scope="col"
      aria-sort={current ? (sortKey === "email" ? "ascending" : "descending") : undefined}
      title={title}
      className={`whitespace-nowrap px-2 py-2 ${align === "right" ? "text-right" : ""}`}
    >
      <Link
        href={href}
        scroll={false}
        className={`inline-flex items-center gap-1 hover:text-slate-800 ${current ? "text-slate-900" : ""}`}
      >
        {label}
        <span aria-hidden className={current ? "text-brand-600" : "text-slate-300"}>
          {sortKey === "email" ? "↑" : "↓"}
        </span>
        {current ? null : <span className="sr-only">, sort by this column</span>}
      </Link>
    </th>
  );
}

function Th({ children, className = "" }: { children: ReactNode; className?: string }) {
  return (
    <th scope="col" className={`px-2 py-2 ${className}`}>
      {children}
    </th>
  );
}

/**
 * The triage table. A real table for assistive technology; each row's
 * account link is a Tab stop, and j/k or the arrow keys move between rows'
 * links (Enter then opens the account, as links do).
 */
export function TriageTable({
  rows,
  caption,
  accountHrefBase,
  sort,
  sortHrefs,
  selection: selectionProps,
  now,
}: {
  /** The server's time of rendering (a hold past its end shows as expired). */
  now: Date;
  rows: readonly TriageTableRow[];
  caption: string;
  accountHrefBase: string;
  sort: TriageSort;
  /** Links for the sorts this viewer may use; a column without one is not sortable. */
  sortHrefs: Partial<Record<TriageSort, string>>;
  selection?: TriageSelectionProps;
}) {
  const router = useRouter();
  const body = useRef<HTMLTableSectionElement>(null);
  const [selection, setSelection] = useState<TriageSelection>(EMPTY_SELECTION);
  // A box ticked before hydration would show ticked while the selection stays empty.
  const hydrated = useHydrated();
  const pageIds = rows.map((row) => row.id);
  const pageState = pageCheckState(selection, pageIds);
  const [view, setView] = useTriageTableView();
  const constant = constantTriageColumns(rows);
  const hidden = new Set<OptionalTriageColumn>([...view.hidden, ...constant.map((c) => c.column)]);
  const show = (column: OptionalTriageColumn) => !hidden.has(column);

  // The rows' account links are plain <a>, opened in the app by this one
  // handler: fifty next/link components cost server time on every request
  // (docs/benchmarks.md, pages under load) and would prefetch fifty account pages. A
  // click with a modifier (new tab, new window) stays the browser's.
  // An account is prefetched when its link is pointed at or focused, as
  // next/link does on hover, so that the click finds it ready.
  const rowLink = (target: EventTarget) => (target as HTMLElement).closest<HTMLAnchorElement>("a[data-row-focus]");
  const onClick = (event: MouseEvent<HTMLTableSectionElement>) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = rowLink(event.target);
    if (!link) return;
    event.preventDefault();
    router.push(link.getAttribute("href")!);
  };
  const prefetch = (event: SyntheticEvent<HTMLTableSectionElement>) => {
    const href = rowLink(event.target)?.getAttribute("href");
    if (href) router.prefetch(href);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTableElement>) => {
    const targets = Array.from(body.current?.querySelectorAll<HTMLElement>(ROW_FOCUS) ?? []);
    const row = (event.target as HTMLElement).closest("tr");
    if (!row || !body.current?.contains(row)) return;
    const current = targets.findIndex((target) => row.contains(target));
    const next = nextRowIndex(event, current, targets.length);
    if (next === null) return;
    event.preventDefault();
    targets[next]?.focus();
  };

  return (
    <div className="space-y-2">
      {selectionProps ? (
        <SelectionBar
          selection={selection}
          pageSize={rows.length}
          pageFullySelected={pageState === "all"}
          query={selectionProps.query}
          matchCount={selectionProps.matchCount}
          preview={selectionProps.preview}
          onChange={setSelection}
        />
      ) : null}
      <div className="flex flex-wrap items-center justify-between gap-2">
        <TableViewMenu view={view} onChange={setView} />
        {constant.length ? (
          <p className="text-xs text-slate-500" data-testid="triage-constant-columns">
            {constant.map((c) => `${c.label} ${c.value}`).join(" · ")} on every row of this page
          </p>
        ) : null}
      </div>
      {/* The table is about 1,050 px wide: below 2xl (1536 px) it scrolls inside its card rather
          than past the page's edge, its Action column pinned to the right; from 2xl on it fits, and
          the rule tooltips may overhang it. Below sm (640 px) each row is a card (app/small-screens.css, .tt-table). */}
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white shadow-sm 2xl:overflow-visible">
        <table
          className={`tt-table min-w-full text-[13px]${view.density === "compact" ? " is-compact" : ""}`}
          onKeyDown={onKeyDown}
          data-testid="triage-table"
        >
          <caption className="sr-only">{caption}</caption>
          <thead className="border-b border-slate-200 bg-slate-50 text-left text-[11px] font-semibold uppercase tracking-wide text-slate-500">
            <tr>
              {selectionProps ? (
                <th scope="col" className="w-8 py-2 pl-3 pr-1">
                  <input
                    type="checkbox"
                    aria-label="Select every account on this page"
                    className="h-3.5 w-3.5 accent-brand-600"
                    checked={pageState === "all"}
                    disabled={!hydrated}
                    ref={(input) => {
                      if (input) input.indeterminate = pageState === "some";
                    }}
                    onChange={() => setSelection(togglePage(selection, pageIds))}
                  />
                </th>
              ) : null}
              {show("risk") ? <SortHeader label="Risk" sortKey="risk" sort={sort} href={sortHrefs.risk} /> : null}
              <SortHeader label="E-mail" sortKey="email" sort={sort} href={sortHrefs.email} />
              {show("account") ? <Th>Account</Th> : null}
              {show("why") ? <Th>Why</Th> : null}
              {show("twoFactor") ? <Th>2FA</Th> : null}
              {show("balance") ? (
                <SortHeader label="Balance" sortKey="balance" sort={sort} href={sortHrefs.balance} align="right" />
              ) : null}
              {show("country") ? <Th>Country</Th> : null}
              {show("afterT0") ? (
                <SortHeader
                  label="After T0"
                  title="Security events after T0 (sorts by the latest)"
                  sortKey="last_event"
                  sort={sort}
                  href={sortHrefs.last_event}
                  align="right"
                />
              ) : null}
              {show("seenBy") ? <Th className="whitespace-nowrap text-right">Seen by</Th> : null}
              <Th className="tt-pin">Action</Th>
            </tr>
          </thead>
          {/* Each row is few elements with short classes (styles in globals.css, .triage-rows):
              every element of 50 rows costs server time on every request. */}
          <tbody
            ref={body}
            onClick={onClick}
            onPointerOver={prefetch}
            onFocus={prefetch}
            className="triage-rows divide-y divide-slate-100"
          >
            {rows.map((row) => {
              const selected = isRowSelected(selection, row.id);
              const twoFactor = TWO_FACTOR[String(row.twoFactorEnabled)]!;
              const rules = mergeWhyChips(firedRulesOf(row.rules));
              return (
                <tr key={row.id} className={selected ? "is-selected" : undefined}>
                  {selectionProps ? (
                    <td className="w-8 !pl-3 !pr-1">
                      <input
                        type="checkbox"
                        aria-label={`Select ${row.externalId ?? row.email}`}
                        className="h-3.5 w-3.5 accent-brand-600"
                        checked={selected}
                        disabled={!hydrated}
                        onChange={() => setSelection(toggleRow(selection, row.id, pageIds))}
                      />
                    </td>
                  ) : null}
                  {show("risk") ? (
                    <td className="tt-nowrap">
                      <RiskTierBadge tier={row.riskTier} />
                    </td>
                  ) : null}
                  <td className="c-email max-w-48" data-testid="customer-email">
                    {row.accountId !== null && row.externalId !== null ? (
                      <a
                        href={`${accountHrefBase}/${encodeURIComponent(row.externalId)}`}
                        data-row-focus
                        className="tt-link"
                        title={row.email}
                      >
                        {row.email}
                      </a>
                    ) : (
                      // No account, so no account page: focusable by the row keys only.
                      <span data-row-focus tabIndex={-1} className="block truncate text-slate-600" title={row.email}>
                        {row.email}
                      </span>
                    )}
                  </td>
                  {show("account") ? (
                    <td className="tt-nowrap tt-mono">
                      {row.externalId ?? <span className="font-sans text-slate-500">no account</span>}
                    </td>
                  ) : null}
                  {show("why") ? (
                    <td className="c-why !py-1.5">
                      <div className="flex flex-wrap gap-1">
                        {rules.slice(0, VISIBLE_RULES).map((rule) => (
                          <FiredRuleChip key={rule.id} rule={rule} tooltipId={`rule-${row.id}-${rule.id}`} />
                        ))}
                        {rules.length > VISIBLE_RULES ? (
                          <MoreRulesChip rules={rules.slice(VISIBLE_RULES)} tooltipId={`rule-${row.id}-more`} />
                        ) : null}
                      </div>
                    </td>
                  ) : null}
                  {show("twoFactor") ? (
                    <td className={`c-2fa tt-nowrap ${twoFactor.className}`}>{twoFactor.label}</td>
                  ) : null}
                  {show("balance") ? <td className="tt-num text-slate-800">{balanceText(row)}</td> : null}
                  {show("country") ? <td className="c-country tt-mono">{row.country ?? "—"}</td> : null}
                  {!show("afterT0") ? null : row.eventsAfterT0 > 0 ? (
                    <td className="c-after tt-num font-medium text-slate-900">
                      {row.eventsAfterT0}
                      {row.lastEventAt ? (
                        <span className="tt-sub" title={`Last event ${formatUtc(row.lastEventAt)}`}>
                          {shortUtc(row.lastEventAt)}
                        </span>
                      ) : null}
                    </td>
                  ) : (
                    <td className="c-after tt-num text-slate-500">0</td>
                  )}
                  {show("seenBy") ? <td className="c-seen tt-num text-slate-600">{formatCount(row.seenBy)}</td> : null}
                  <td className="tt-pin tt-nowrap text-xs text-slate-600">
                    <RemediationBadges state={row.remediation} now={now} compact />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

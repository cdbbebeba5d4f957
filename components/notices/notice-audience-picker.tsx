"use client";

import { useId, useState, type ReactNode } from "react";
import { BALANCE_TIERS, BALANCE_TIER_LABELS } from "@/lib/risk/balance-tiers";
import { RISK_RULES, RISK_TIERS } from "@/lib/risk/rules";
import { ACTION_STATUSES, parseTriageQuery, triageFilterToParams, type TriageFilter } from "@/lib/triage/filter";
import { ACTION_STATUS_LABELS, TIER_LABELS } from "@/lib/triage/labels";
import { CheckboxMenu } from "../triage/checkbox-menu";
import { useHydrated } from "../ui/use-hydrated";

/** An audience (the Exposed accounts table's query) read back into its filter; unreadable: every account. */
function filterOf(audience: string): TriageFilter {
  const params = Object.fromEntries(new URLSearchParams(audience));
  const { filter } = parseTriageQuery(params, { unmasked: true });
  if (filter.success) return filter.data;
  const none = parseTriageQuery({}, { unmasked: true }).filter;
  if (!none.success) throw new Error("the empty filter does not parse");
  return none.data;
}

const selectClass =
  "h-8 rounded-md border-0 bg-white pl-2 pr-7 text-sm text-slate-800 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-brand-500";

function Select({ id, label, value, onChange, children }: { id: string; label: string; value: string; onChange: (value: string) => void; children: ReactNode }) {
  return (
    <span className="inline-flex items-center gap-1.5">
      <label htmlFor={id} className="text-xs font-medium text-slate-600">
        {label}
      </label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className={`${selectClass} max-w-56`}>
        {children}
      </select>
    </span>
  );
}

/**
 * Who gets the notice, chosen with the Exposed accounts table's own filters
 * (the audience is that table's query, so "Open in the table" shows exactly
 * these customers). Started from the table ("Notify these customers"), it
 * opens with that view's filter.
 */
export function NoticeAudiencePicker({
  initial,
  countries,
  groups,
  accountsHref,
  onChange,
}: {
  initial: string;
  countries: readonly string[];
  groups: readonly { id: number; label: string }[];
  accountsHref: string;
  onChange: (audience: string) => void;
}) {
  const id = useId();
  // Until React has hydrated, a changed control would change the page but not the audience: the
  // filter shown and the dry run would still be the old one. The controls wait for it.
  const hydrated = useHydrated();
  const [filter, setFilter] = useState(() => filterOf(initial));
  const audience = triageFilterToParams(filter).toString();
  // As people write it: "tier=critical,high", not "tier=critical%2Chigh".
  const readable = [...triageFilterToParams(filter)].map(([key, value]) => `${key}=${value}`).join("&");
  const apply = (change: Partial<TriageFilter>) => {
    const next = { ...filter, ...change };
    setFilter(next);
    onChange(triageFilterToParams(next).toString());
  };
  const yesNo = (value: string) => (value === "yes" || value === "no" ? value : undefined);
  return (
    <div className="space-y-2">
      <fieldset
        disabled={!hydrated}
        aria-label="Audience filters"
        className="flex min-w-0 flex-wrap items-center gap-2 rounded-lg border border-slate-200 bg-white p-2.5"
      >
        <CheckboxMenu
          label="Risk tier"
          options={RISK_TIERS.map((tier) => ({ value: tier, label: TIER_LABELS[tier] }))}
          selected={filter.tier}
          onChange={(values) => apply({ tier: values as TriageFilter["tier"] })}
        />
        <Select id={`${id}-2fa`} label="2FA" value={filter.twoFactor ?? ""} onChange={(v) => apply({ twoFactor: yesNo(v) })}>
          <option value="">Any</option>
          <option value="yes">On</option>
          <option value="no">Off</option>
        </Select>
        <CheckboxMenu
          label="Balance"
          options={BALANCE_TIERS.map((tier) => ({ value: tier, label: BALANCE_TIER_LABELS[tier] }))}
          selected={filter.balance}
          onChange={(values) => apply({ balance: values as TriageFilter["balance"] })}
        />
        <CheckboxMenu
          label="Country"
          options={countries.map((country) => ({ value: country, label: country }))}
          selected={filter.country}
          onChange={(values) => apply({ country: values })}
        />
        <CheckboxMenu
          label="Action"
          options={ACTION_STATUSES.map((status) => ({ value: status, label: ACTION_STATUS_LABELS[status] }))}
          selected={filter.action}
          onChange={(values) => apply({ action: values as TriageFilter["action"] })}
        />
        <Select id={`${id}-events`} label="Events after T0" value={filter.events ?? ""} onChange={(v) => apply({ events: yesNo(v) })}>
          <option value="">Any</option>
          <option value="yes">Some</option>
          <option value="no">None</option>
        </Select>
        <Select id={`${id}-group`} label="Message" value={String(filter.group ?? "")} onChange={(v) => apply({ group: v ? Number(v) : undefined })}>
          <option value="">Any</option>
          {groups.map((group) => (
            <option key={group.id} value={group.id}>
              {group.label}
            </option>
          ))}
        </Select>
        <Select id={`${id}-rule`} label="Rule" value={filter.rule ?? ""} onChange={(v) => apply({ rule: v || undefined })}>
          <option value="">Any</option>
          {RISK_RULES.map((rule) => (
            <option key={rule.id} value={rule.id}>
              {rule.title}
            </option>
          ))}
        </Select>
      </fieldset>
      <p className="text-xs text-slate-600">
        {audience ? (
          <>
            Filter <code className="break-all rounded bg-slate-100 px-1 font-mono text-slate-800" data-testid="audience-query">{readable}</code>
          </>
        ) : (
          "No filter: every exposed account."
        )}{" "}
        <a href={audience ? `${accountsHref}?${audience}` : accountsHref} target="_blank" rel="noreferrer" className="font-medium text-brand-700 underline underline-offset-2">
          Open these accounts in the table
        </a>
      </p>
    </div>
  );
}

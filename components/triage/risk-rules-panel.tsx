"use client";

import Link from "next/link";
import { useDrawnWhenOpened } from "../ui/use-drawn-when-opened";
import { RISK_RULES } from "@/lib/risk/rules";
import { TableHead } from "../ui/table-head";
import { RiskTierBadge } from "./risk-tier-badge";

/**
 * Every risk rule, as data: analysts can see why an account got its tier.
 * The rules are the same for every view, and the panel starts closed: its
 * table is drawn when first opened, not by the server on every view of the
 * Exposed accounts table (its 11 rows and links cost about 3 ms of server
 * time per view; docs/benchmarks.md, pages under load).
 */
export function RiskRulesPanel({ accountsHref }: { accountsHref: string }) {
  const [ref, opened, onToggle] = useDrawnWhenOpened();
  return (
    <details ref={ref} className="group rounded-xl border border-slate-200 bg-white shadow-sm" onToggle={onToggle}>
      <summary className="flex cursor-pointer list-none items-center justify-between gap-4 px-4 py-3 text-sm font-medium text-slate-800">
        <span>
          How risk tiers are decided{" "}
          <span className="font-normal text-slate-500">
            — {RISK_RULES.length} rules; an address gets the highest tier among the rules that fire
          </span>
        </span>
        <span aria-hidden className="text-slate-500 transition group-open:rotate-180">
          ▾
        </span>
      </summary>
      {opened ? (
        <table className="w-full border-t border-slate-100 text-sm">
          <caption className="sr-only">Risk rules</caption>
          <TableHead
            columns={[
              { label: "Tier", className: "w-28" },
              "Rule",
              "Id",
              { label: <span className="sr-only">Filter</span>, align: "right" },
            ]}
            cell="px-4 py-2"
          />
          <tbody className="divide-y divide-slate-100">
            {RISK_RULES.map((rule) => (
              <tr key={rule.id}>
                <td className="px-4 py-2">
                  <RiskTierBadge tier={rule.tier} />
                </td>
                <td className="px-4 py-2 text-slate-800">{rule.title}</td>
                <td className="px-4 py-2 font-mono text-xs text-slate-500">{rule.id}</td>
                <td className="px-4 py-2 text-right">
                  <Link
                    href={`${accountsHref}?${new URLSearchParams({ rule: rule.id })}`}
                    className="text-xs font-medium text-brand-700 hover:underline"
                  >
                    Show accounts<span className="sr-only"> where “{rule.title}” fired</span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </details>
  );
}

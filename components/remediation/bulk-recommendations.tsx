"use client";

import Link from "next/link";
import { useState } from "react";
import type { ActionKind } from "@/lib/remediation/actions";
import { secondaryButton } from "../timeline/form-field";
import { BulkRequestForm, type BulkRequestActions } from "./bulk-request-form";

type Recommendation = {
  id: string;
  title: string;
  why: string;
  kind: ActionKind;
  /** The triage table's URL query that selects the accounts. */
  query: string;
  filterText: string;
};

// From the risk tiers (lib/risk/rules.ts): the critical tier is exactly the
// accounts with a password, 2FA/e-mail or withdrawal-address change after T0.
const RECOMMENDATIONS: Recommendation[] = [
  {
    id: "reset-critical-high",
    title: "Reset every critical and high account",
    why: "Forced password reset for every account in the critical and high risk tiers: changed security details, new-device logins, new API keys, large balances without 2FA.",
    kind: "password_reset",
    query: "tier=critical,high",
    filterText: "risk tier critical or high",
  },
  {
    id: "hold-changed-after-t0",
    title: "Hold every account whose password or security details changed after T0",
    why: "Withdrawal hold on every critical account: a password, 2FA, e-mail or withdrawal-address change after the leak was noticed, as the 2019 exchange did.",
    kind: "withdrawal_hold",
    query: "tier=critical",
    filterText: "risk tier critical",
  },
];

/**
 * Proposed bulk requests from the risk tiers. Each opens as a dry run the
 * analyst can adjust (action, hold length, reason) before requesting; the
 * accounts themselves are refined in the exposed-accounts table.
 */
export function BulkRecommendations({
  actions,
  defaultHoldHours,
  accountsHref,
}: {
  actions: BulkRequestActions;
  defaultHoldHours: number;
  accountsHref: string;
}) {
  const [open, setOpen] = useState<string | null>(null);
  return (
    <ul className="space-y-3">
      {RECOMMENDATIONS.map((rec) => (
        <li key={rec.id} className="rounded-lg border border-slate-200 p-4">
          <div className="flex flex-wrap items-start justify-between gap-3">
            <div className="max-w-2xl">
              <h3 className="text-sm font-semibold text-slate-900">{rec.title}</h3>
              <p className="mt-0.5 text-xs text-slate-600">{rec.why}</p>
              <p className="mt-1 text-xs text-slate-500">
                Selection: every exposed account with {rec.filterText} (
                <Link href={`${accountsHref}?${rec.query}`} className="text-brand-700 underline underline-offset-2">
                  open in the exposed accounts table to refine it
                </Link>
                )
              </p>
            </div>
            <button
              type="button"
              className={secondaryButton}
              aria-expanded={open === rec.id}
              onClick={() => setOpen(open === rec.id ? null : rec.id)}
            >
              {open === rec.id ? "Close" : "Preview…"}
            </button>
          </div>
          {open === rec.id ? (
            <div className="mt-3">
              <BulkRequestForm
                title={rec.title}
                selection={{ kind: "filter", query: rec.query }}
                selectionDescription={
                  <>
                    Every exposed account with {rec.filterText} (<span className="font-mono">{rec.query}</span>), counted
                    by the server now. Adjust the action, the hold length and the reason before requesting.
                  </>
                }
                actions={actions}
                defaultHoldHours={defaultHoldHours}
                initialKind={rec.kind}
                origin="recommendation"
                onClose={() => setOpen(null)}
              />
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

"use client";

import { Suspense, use, useState, useTransition, type ReactNode } from "react";
import { formatCount } from "@/lib/format/numbers";
import { EMPTY_SELECTION, selectAllMatching, selectionSize, type TriageSelection } from "@/lib/triage/selection";

export type SelectionPreviewResult =
  { ok: true; count: number; first: { triageId: number; accountId: string | null }[] } | { ok: false; message: string };

function MatchCount({ count, children }: { count: Promise<number>; children: (n: number) => ReactNode }) {
  return <>{children(use(count))}</>;
}

/**
 * What is selected, and the offer to widen it to every account that matches
 * the filter (not only this page). The bulk actions themselves arrive with
 * remediation; until then the server resolves the selection so that it can
 * be checked: exact count and the first accounts.
 */
export function SelectionBar({
  selection,
  pageSize,
  pageFullySelected,
  query,
  matchCount,
  preview,
  onChange,
}: {
  selection: TriageSelection;
  pageSize: number;
  pageFullySelected: boolean;
  query: string;
  matchCount: Promise<number>;
  preview: (selection: TriageSelection) => Promise<SelectionPreviewResult>;
  onChange: (selection: TriageSelection) => void;
}) {
  const [result, setResult] = useState<{ for: TriageSelection; value: SelectionPreviewResult } | null>(null);
  const [pending, startTransition] = useTransition();
  const empty = !selection.allMatching && selection.ids.length === 0;
  const shown = result && result.for === selection ? result.value : null;
  if (empty) return null;

  const runPreview = () =>
    startTransition(async () => {
      const value = await preview(selection);
      setResult({ for: selection, value });
    });

  return (
    <div
      role="region"
      aria-label="Selection"
      className="flex flex-wrap items-center gap-x-4 gap-y-2 rounded-lg border border-brand-100 bg-brand-50 px-3 py-2 text-sm text-brand-900"
    >
      <Suspense fallback={<span>Counting…</span>}>
        <MatchCount count={matchCount}>
          {(n) =>
            selection.allMatching ? (
              <span data-testid="selection-summary">
                All <strong>{formatCount(n)}</strong> accounts that match this filter are selected.
              </span>
            ) : (
              <>
                <span data-testid="selection-summary">
                  <strong>{formatCount(selectionSize(selection, n))}</strong> selected on this page.
                </span>
                {pageFullySelected && n > pageSize ? (
                  <button
                    type="button"
                    className="font-medium text-brand-700 underline underline-offset-2 hover:text-brand-900"
                    onClick={() => onChange(selectAllMatching(query))}
                  >
                    Select all {formatCount(n)} accounts that match this filter
                  </button>
                ) : null}
              </>
            )
          }
        </MatchCount>
      </Suspense>
      <button
        type="button"
        className="font-medium text-brand-700 hover:underline"
        onClick={() => onChange(EMPTY_SELECTION)}
      >
        Clear selection
      </button>
      <div className="ml-auto flex items-center gap-2">
        <button
          type="button"
          onClick={runPreview}
          disabled={pending}
          className="rounded-md bg-white px-2.5 py-1 text-sm font-medium text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:opacity-60"
        >
          {pending ? "Checking…" : "Check selection on the server"}
        </button>
        <button
          type="button"
          disabled
          title="Password resets and withdrawal holds for a selection arrive with the remediation issue."
          className="cursor-not-allowed rounded-md bg-slate-200 px-2.5 py-1 text-sm font-medium text-slate-500"
        >
          Bulk actions (coming with remediation)
        </button>
      </div>
      <div aria-live="polite" className="basis-full empty:hidden">
        {shown ? (
          shown.ok ? (
            <p data-testid="selection-preview">
              The server resolves this selection to <strong>{formatCount(shown.count)}</strong>{" "}
              {shown.count === 1 ? "account" : "accounts"}
              {shown.first.length ? (
                <>
                  , starting with{" "}
                  <span className="font-mono text-xs">
                    {shown.first.map((row) => row.accountId ?? "(no account)").join(", ")}
                  </span>
                </>
              ) : null}
              .
            </p>
          ) : (
            <p role="alert" className="text-red-700">
              {shown.message}
            </p>
          )
        ) : null}
      </div>
    </div>
  );
}

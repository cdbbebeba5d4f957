"use client";

import { Suspense, use, useState, type ReactNode } from "react";
import { formatCount } from "@/lib/format/numbers";
import { useBulkRequest } from "../remediation/bulk-request-context";
import { BulkRequestForm, type BulkRequestSelection } from "../remediation/bulk-request-form";
import { EMPTY_SELECTION, selectAllMatching, selectionSize, type TriageSelection } from "@/lib/triage/selection";
import type { SelectionPreviewResult } from "@/lib/triage/contracts";

export type { SelectionPreviewResult } from "@/lib/triage/contracts";

function MatchCount({ count, children }: { count: Promise<number>; children: (n: number) => ReactNode }) {
  return <>{children(use(count))}</>;
}

/** The selection as a bulk request names it; one key per distinct selection. */
function requestSelection(selection: TriageSelection): { value: BulkRequestSelection; key: string } {
  return selection.allMatching
    ? { value: { kind: "filter", query: selection.query }, key: `filter:${selection.query}` }
    : { value: { kind: "ids", ids: [...selection.ids] }, key: `ids:${selection.ids.join(",")}` };
}

/**
 * What is selected, the offer to widen it to every account that matches the
 * filter (not only this page), and the bulk actions on it: choose an action,
 * read the dry run, confirm. Changing the selection closes an open request,
 * so a request always covers exactly the selection it previewed.
 */
export function SelectionBar({
  selection,
  pageSize,
  pageFullySelected,
  query,
  matchCount,
  onChange,
}: {
  selection: TriageSelection;
  pageSize: number;
  pageFullySelected: boolean;
  query: string;
  matchCount: Promise<number>;
  /** Superseded by the bulk dry run (kept so that callers need not change). */
  preview?: (selection: TriageSelection) => Promise<SelectionPreviewResult>;
  onChange: (selection: TriageSelection) => void;
}) {
  const bulk = useBulkRequest();
  const [openFor, setOpenFor] = useState<string | null>(null);
  const empty = !selection.allMatching && selection.ids.length === 0;
  if (empty) return null;
  const request = requestSelection(selection);
  const open = openFor === request.key;

  return (
    <div
      role="region"
      aria-label="Selection"
      className="space-y-2 rounded-lg border border-brand-100 bg-brand-50 px-3 py-2 text-sm text-brand-900"
    >
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
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
        {bulk ? (
          <div className="ml-auto flex items-center gap-2">
            <button
              type="button"
              onClick={() => setOpenFor(open ? null : request.key)}
              aria-expanded={open}
              className={
                open
                  ? "rounded-md bg-white px-3 py-1.5 text-sm font-semibold text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
                  : "rounded-md bg-brand-600 px-3 py-1.5 text-sm font-semibold text-white shadow-sm hover:bg-brand-700"
              }
            >
              {open ? "Close bulk action" : "Bulk action on selection…"}
            </button>
          </div>
        ) : null}
      </div>
      {bulk && open ? (
        <BulkRequestForm
          key={request.key}
          selection={request.value}
          selectionDescription={
            selection.allMatching ? (
              <>
                Every account that matches this filter
                {query ? (
                  <>
                    {" "}
                    (<span className="font-mono">{query}</span>)
                  </>
                ) : (
                  " (no filter: every exposed address)"
                )}
                , counted again by the server now.
              </>
            ) : (
              <>
                The {formatCount(selection.ids.length)} {selection.ids.length === 1 ? "row" : "rows"} ticked on this page.
              </>
            )
          }
          actions={bulk.actions}
          defaultHoldHours={bulk.defaultHoldHours}
          onClose={() => setOpenFor(null)}
        />
      ) : null}
    </div>
  );
}

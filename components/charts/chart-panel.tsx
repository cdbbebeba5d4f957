"use client";

import { useId, useState, type ReactNode } from "react";
import type { ChartTable } from "@/lib/remediation-charts/tables";

const usNumber = new Intl.NumberFormat("en-US");

/**
 * A chart with what every chart on the dashboard needs: a title that says what
 * it shows, a one-line reading for screen readers (and print), a "Show as
 * table" alternative and a CSV download of its numbers.
 */
export function ChartPanel({
  id,
  title,
  description,
  summary,
  table,
  csvHref,
  children,
  className = "",
}: {
  id: string;
  title: string;
  description: string;
  /** The chart's message in one or two sentences: read by screen readers in place of the drawing. */
  summary: string;
  table: () => ChartTable;
  csvHref: string;
  children: ReactNode;
  className?: string;
}) {
  const [asTable, setAsTable] = useState(false);
  const headingId = useId();
  const summaryId = useId();
  return (
    <section
      id={id}
      aria-labelledby={headingId}
      className={`chart-panel flex flex-col rounded-xl border border-slate-200 bg-white shadow-sm break-inside-avoid ${className}`}
    >
      <header className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2 border-b border-slate-100 px-5 py-4">
        <div className="min-w-0">
          <h2 id={headingId} className="text-sm font-semibold text-slate-900">
            {title}
          </h2>
          <p className="mt-0.5 text-xs text-slate-600">{description}</p>
        </div>
        <div className="flex shrink-0 items-center gap-2 print:hidden">
          <button
            type="button"
            onClick={() => setAsTable((v) => !v)}
            aria-label={`${asTable ? "Show as chart" : "Show as table"}: ${title}`}
            className="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50"
          >
            {asTable ? "Show as chart" : "Show as table"}
          </button>
          <a
            href={csvHref}
            download
            aria-label={`Download CSV: ${title}`}
            className="rounded-md border border-slate-300 bg-white px-2.5 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50"
          >
            CSV
          </a>
        </div>
      </header>
      <div className="flex-1 p-5">
        <p id={summaryId} className="mb-3 text-sm text-slate-700">
          {summary}
        </p>
        {asTable ? (
          <DataTable caption={title} table={table()} />
        ) : (
          <figure aria-describedby={summaryId} className="m-0">
            <div role="img" aria-label={`${title}. ${summary} Use "Show as table" for the numbers.`} data-chart={id}>
              {children}
            </div>
          </figure>
        )}
      </div>
    </section>
  );
}

function DataTable({ caption, table }: { caption: string; table: ChartTable }) {
  return (
    <div className="max-h-80 overflow-auto rounded-lg border border-slate-200">
      <table className="min-w-full text-left text-xs">
        <caption className="sr-only">{caption}</caption>
        <thead className="sticky top-0 bg-slate-50">
          <tr>
            {table.columns.map((column) => (
              <th key={column} scope="col" className="px-3 py-2 font-semibold text-slate-700">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {table.rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) =>
                j === 0 ? (
                  <th key={j} scope="row" className="whitespace-nowrap px-3 py-1.5 font-medium text-slate-800">
                    {cell}
                  </th>
                ) : (
                  <td key={j} className="px-3 py-1.5 tabular-nums text-slate-700">
                    {typeof cell === "number" ? usNumber.format(cell) : cell}
                  </td>
                ),
              )}
            </tr>
          ))}
          {table.rows.length === 0 ? (
            <tr>
              <td colSpan={table.columns.length} className="px-3 py-4 text-center text-slate-500">
                Nothing to show yet.
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

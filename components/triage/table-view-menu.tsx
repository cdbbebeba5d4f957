"use client";

import { OPTIONAL_TRIAGE_COLUMNS, type TriageTableView } from "@/lib/triage/table-view";
import { CheckboxMenu } from "./checkbox-menu";

/** The column chooser and the density switch above the Exposed accounts table. */
export function TableViewMenu({
  view,
  onChange,
}: {
  view: TriageTableView;
  onChange: (view: TriageTableView) => void;
}) {
  const shown = OPTIONAL_TRIAGE_COLUMNS.map((c) => c.value).filter((key) => !view.hidden.includes(key));
  const compact = view.density === "compact";
  return (
    <div className="flex flex-wrap items-center gap-2" data-testid="triage-view-menu">
      <CheckboxMenu
        label="Columns"
        options={OPTIONAL_TRIAGE_COLUMNS}
        selected={shown}
        active={view.hidden.length > 0}
        summary={view.hidden.length === 0 ? "All" : `${shown.length} of ${OPTIONAL_TRIAGE_COLUMNS.length}`}
        onChange={(values) =>
          onChange({
            ...view,
            hidden: OPTIONAL_TRIAGE_COLUMNS.map((c) => c.value).filter((key) => !values.includes(key)),
          })
        }
      />
      <button
        type="button"
        aria-pressed={compact}
        onClick={() => onChange({ ...view, density: compact ? "comfortable" : "compact" })}
        className={`h-8 rounded-md px-2.5 text-sm ring-1 ring-inset ${
          compact ? "bg-brand-50 font-medium text-brand-700 ring-brand-100" : "bg-white text-slate-700 ring-slate-300"
        }`}
      >
        Compact rows
      </button>
    </div>
  );
}

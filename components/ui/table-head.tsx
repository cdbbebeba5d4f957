import type { ReactNode } from "react";

export type TableColumn = string | { label: ReactNode; align?: "right"; className?: string };

/**
 * The header row every plain data table shares: column headers with
 * scope="col", on the light header band. `cell` sets the padding so that a
 * header lines up with its table's cells.
 */
export function TableHead({ columns, cell = "px-5 py-3" }: { columns: readonly TableColumn[]; cell?: string }) {
  return (
    <thead className="bg-slate-50 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
      <tr>
        {columns.map((column, i) => {
          const { label, align, className } = typeof column === "string" ? { label: column } : column;
          return (
            <th
              key={i}
              scope="col"
              className={[cell, align === "right" ? "text-right" : "", className ?? ""].filter(Boolean).join(" ")}
            >
              {label}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}

"use client";

import { useEffect } from "react";
import { useDrawnWhenOpened } from "../ui/use-drawn-when-opened";

export type MenuOption = { value: string; label: string };

/**
 * A multi-select as a disclosure of labelled checkboxes: native controls, so
 * keyboard and screen readers work without a custom listbox. Closes on Escape
 * and on a click outside. The checkboxes are drawn when the menu first opens:
 * the filter bar's menus hold dozens of options (every country), and the
 * server would otherwise render them on each view of the table.
 */
export function CheckboxMenu({
  label,
  options,
  selected,
  onChange,
  summary: summaryText,
  active = selected.length > 0,
}: {
  label: string;
  options: readonly MenuOption[];
  selected: readonly string[];
  onChange: (values: string[]) => void;
  /** The closed menu's text, when "Any" / "N selected" does not fit what the choice means. */
  summary?: string;
  /** Drawn as narrowing the view (default: when anything is ticked). */
  active?: boolean;
}) {
  const [ref, opened, onToggle] = useDrawnWhenOpened();
  useEffect(() => {
    const close = (event: MouseEvent | KeyboardEvent) => {
      const details = ref.current;
      if (!details?.open) return;
      if (event instanceof KeyboardEvent) {
        if (event.key !== "Escape") return;
        details.open = false;
        details.querySelector("summary")?.focus();
      } else if (!details.contains(event.target as Node)) {
        details.open = false;
      }
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [ref]);
  const summary =
    summaryText ??
    (selected.length === 0
      ? "Any"
      : selected.length === 1
        ? (options.find((o) => o.value === selected[0])?.label ?? selected[0])
        : `${selected.length} selected`);
  return (
    <details ref={ref} className="relative" onToggle={onToggle}>
      <summary
        className={`flex h-8 cursor-pointer list-none items-center gap-1.5 rounded-md px-2.5 text-sm ring-1 ring-inset ${
          active ? "bg-brand-50 text-brand-700 ring-brand-100" : "bg-white text-slate-700 ring-slate-300"
        }`}
      >
        <span className="text-slate-600">{label}:</span>
        <span className="font-medium">{summary}</span>
        <span aria-hidden className="text-xs text-slate-500">
          ▾
        </span>
      </summary>
      {opened ? (
        <fieldset className="absolute left-0 z-30 mt-1 max-h-72 min-w-48 overflow-y-auto rounded-lg border border-slate-200 bg-white p-2 shadow-lg">
          <legend className="sr-only">{label}</legend>
          {options.map((option) => (
            <label
              key={option.value}
              className="flex cursor-pointer items-center gap-2 rounded px-2 py-1 text-sm text-slate-700 hover:bg-slate-50"
            >
              <input
                type="checkbox"
                className="h-3.5 w-3.5 accent-brand-600"
                checked={selected.includes(option.value)}
                onChange={(event) =>
                  onChange(
                    event.target.checked
                      ? [...selected, option.value]
                      : selected.filter((value) => value !== option.value),
                  )
                }
              />
              {option.label}
            </label>
          ))}
        </fieldset>
      ) : null}
    </details>
  );
}

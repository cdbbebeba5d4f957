import Link from "next/link";
import type { CloseCheckItem } from "@/lib/closing/checklist";

/** The close checklist: each item pass or fail, what it found, and a link to where it is fixed. */
export function CloseChecklistView({ items, base }: { items: readonly CloseCheckItem[]; base: string }) {
  return (
    <ul className="divide-y divide-slate-100" aria-label="Close checklist items">
      {items.map((item) => (
        <li key={item.key} className="flex flex-wrap items-start gap-3 py-3" data-testid={`close-check-${item.key}`}>
          <span
            className={`mt-0.5 inline-flex w-14 justify-center rounded-full px-2 py-0.5 text-xs font-semibold ${
              item.ok ? "bg-emerald-100 text-emerald-800" : "bg-red-100 text-red-800"
            }`}
          >
            {item.ok ? "Pass" : "Fail"}
          </span>
          <div className="min-w-0 flex-1">
            <p className="text-sm font-medium text-slate-900">{item.label}</p>
            <p className="text-sm text-slate-600">{item.detail}</p>
          </div>
          {item.ok ? null : (
            <Link href={`${base}/${item.fixPath}`} className="text-sm font-semibold text-brand-700 hover:text-brand-600">
              {item.fixLabel} →
            </Link>
          )}
        </li>
      ))}
    </ul>
  );
}

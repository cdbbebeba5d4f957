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
          {/* At least 14rem for the words: on a phone the link wraps below them instead of squeezing them. */}
          <div className="min-w-0 flex-1 basis-56">
            <p className="text-sm font-medium text-slate-900">{item.label}</p>
            <p className="text-sm text-slate-600">{item.detail}</p>
          </div>
          {item.ok ? null : (
            <Link href={`${base}/${item.fixPath}`} className="ml-[4.25rem] min-w-0 text-sm font-semibold text-brand-700 hover:text-brand-600 sm:ml-0">
              {item.fixLabel} →
            </Link>
          )}
        </li>
      ))}
    </ul>
  );
}

import Link from "next/link";
import { CATEGORY_LABELS, TIMELINE_CATEGORIES, type TimelineCategoryName } from "@/lib/timeline/categories";
import { CATEGORY_STYLE } from "./category-badge";

function href(base: string, categories: readonly TimelineCategoryName[]): string {
  const params = new URLSearchParams();
  for (const c of categories) params.append("category", c);
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}

/** Category toggles as links: the filter lives in the URL, so a view can be shared. */
export function CategoryFilter({ base, selected }: { base: string; selected: readonly TimelineCategoryName[] }) {
  const all = selected.length === 0;
  return (
    <nav aria-label="Filter by category" className="flex flex-wrap items-center gap-2 print:hidden">
      <Link
        href={base}
        aria-current={all ? "page" : undefined}
        className={`rounded-full px-3 py-1 text-xs font-medium ring-1 ring-inset ${
          all ? "bg-slate-900 text-white ring-slate-900" : "bg-white text-slate-600 ring-slate-300 hover:bg-slate-50"
        }`}
      >
        All
      </Link>
      {TIMELINE_CATEGORIES.map((category) => {
        const on = selected.includes(category);
        const next = on ? selected.filter((c) => c !== category) : [...selected, category];
        return (
          <Link
            key={category}
            href={href(base, next)}
            aria-current={on ? "true" : undefined}
            className={`inline-flex items-center gap-1.5 rounded-full px-3 py-1 text-xs font-medium ring-1 ring-inset ${
              on ? "bg-slate-900 text-white ring-slate-900" : "bg-white text-slate-600 ring-slate-300 hover:bg-slate-50"
            }`}
          >
            <span aria-hidden className={`h-2 w-2 rounded-full ${CATEGORY_STYLE[category].dot}`} />
            {CATEGORY_LABELS[category]}
          </Link>
        );
      })}
    </nav>
  );
}

export function timelineHref(
  base: string,
  categories: readonly TimelineCategoryName[],
  page: { after?: string; before?: string } = {},
): string {
  const params = new URLSearchParams();
  for (const c of categories) params.append("category", c);
  if (page.after) params.set("after", page.after);
  if (page.before) params.set("before", page.before);
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}

import { CATEGORY_LABELS, type TimelineCategoryName } from "@/lib/timeline/categories";

export const CATEGORY_STYLE: Record<TimelineCategoryName, { dot: string; badge: string }> = {
  detection: { dot: "bg-red-500", badge: "bg-red-50 text-red-700 ring-red-200" },
  containment: { dot: "bg-amber-500", badge: "bg-amber-50 text-amber-800 ring-amber-200" },
  eradication: { dot: "bg-orange-500", badge: "bg-orange-50 text-orange-800 ring-orange-200" },
  communication: { dot: "bg-brand-500", badge: "bg-brand-50 text-brand-700 ring-brand-100" },
  remediation: { dot: "bg-emerald-500", badge: "bg-emerald-50 text-emerald-700 ring-emerald-200" },
  external: { dot: "bg-slate-400", badge: "bg-slate-100 text-slate-700 ring-slate-200" },
};

export function CategoryBadge({ category }: { category: TimelineCategoryName }) {
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${CATEGORY_STYLE[category].badge}`}
    >
      {CATEGORY_LABELS[category]}
    </span>
  );
}

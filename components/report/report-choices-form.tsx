import { CATEGORY_LABELS, TIMELINE_CATEGORIES } from "@/lib/timeline/categories";
import type { ReportChoices } from "@/lib/timeline/report-selection";

/**
 * What goes into the printed report: timeline categories, obligations (GDPR
 * Article 33 always) and declined requests. A plain GET form: the choice is
 * the page's address, so it prints, reloads and shares the same way.
 */
export function ReportChoicesForm({
  action,
  choices,
  obligations,
}: {
  action: string;
  choices: ReportChoices;
  obligations: { id: string; title: string; builtIn: boolean }[];
}) {
  const box = "h-4 w-4 rounded border-slate-300 text-brand-600";
  return (
    <form method="get" action={action} className="space-y-4 text-sm" aria-label="Choose what the report includes">
      <input type="hidden" name="choose" value="1" />
      <fieldset className="min-w-0">
        <legend className="text-xs font-semibold uppercase tracking-wide text-slate-600">Timeline categories</legend>
        <div className="mt-2 flex flex-wrap gap-x-5 gap-y-2">
          {TIMELINE_CATEGORIES.map((category) => (
            <label key={category} className="inline-flex items-center gap-2 text-slate-800">
              <input
                type="checkbox"
                name="category"
                value={category}
                defaultChecked={choices.categories.includes(category)}
                className={box}
              />
              {CATEGORY_LABELS[category]}
            </label>
          ))}
        </div>
        <label className="mt-3 inline-flex items-center gap-2 text-slate-800">
          <input type="checkbox" name="declined" defaultChecked={choices.declined} className={box} />
          Also list requests that were rejected or expired unapproved
        </label>
      </fieldset>
      <fieldset className="min-w-0">
        <legend className="text-xs font-semibold uppercase tracking-wide text-slate-600">
          Leave out these obligations
        </legend>
        <div className="mt-2 space-y-2">
          {obligations.map((o) => (
            <label key={o.id} className="flex items-start gap-2 text-slate-800">
              <input
                type="checkbox"
                name="omitObligation"
                value={o.id}
                disabled={o.builtIn}
                defaultChecked={!o.builtIn && choices.omitObligations.includes(o.id)}
                className={`${box} mt-0.5`}
              />
              <span>
                {o.title}
                {o.builtIn ? <span className="text-slate-600"> (always included)</span> : null}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          className="rounded-md bg-brand-600 px-3 py-2 text-sm font-semibold text-white hover:bg-brand-500"
        >
          Apply to the report
        </button>
        <a href={action} className="text-sm font-medium text-brand-700 hover:text-brand-600">
          Back to the defaults
        </a>
      </div>
    </form>
  );
}

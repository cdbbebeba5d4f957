import Link from "next/link";
import { CHART_RANGE_LABELS, CHART_RANGES, type ChartRange } from "@/lib/remediation-charts/buckets";

/**
 * The time charts' window, as links (`?range=`): the server draws the chosen
 * window, so the choice survives a reload and can be shared.
 */
export function ChartRangePicker({
  basePath,
  selected,
  defaultRange,
}: {
  basePath: string;
  selected: ChartRange;
  defaultRange: ChartRange;
}) {
  return (
    <nav aria-label="Time window of the charts" className="flex flex-wrap items-center gap-2 text-sm print:hidden">
      <span className="text-slate-600">Window from T0:</span>
      <ul className="flex flex-wrap gap-1">
        {CHART_RANGES.map((range) => {
          const current = range === selected;
          return (
            <li key={range}>
              <Link
                href={range === defaultRange ? basePath : `${basePath}?range=${range}`}
                aria-current={current ? "true" : undefined}
                scroll={false}
                data-range={range}
                className={`inline-block rounded-md px-2.5 py-1 font-medium ring-1 ring-inset ${
                  current
                    ? "bg-brand-600 text-white ring-brand-600"
                    : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50"
                }`}
              >
                {CHART_RANGE_LABELS[range]}
                {range === defaultRange ? <span className="sr-only"> (the incident&rsquo;s active window)</span> : null}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

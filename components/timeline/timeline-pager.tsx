import Link from "next/link";

/** Earlier / later links for keyset pages; the cursors live in the URL. */
export function TimelinePager({
  firstHref,
  prevHref,
  nextHref,
  latestHref,
}: {
  firstHref: string | null;
  prevHref: string | null;
  nextHref: string | null;
  /** The newest events' page, when this is not it. */
  latestHref: string | null;
}) {
  if (!prevHref && !nextHref) return null;
  const link = "rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-inset ring-slate-300 hover:bg-slate-50";
  const disabled = "rounded-md px-3 py-1.5 text-sm font-medium text-slate-300 ring-1 ring-inset ring-slate-200";
  return (
    <nav aria-label="Timeline pages" className="flex items-center justify-between gap-3 print:hidden">
      <div className="flex gap-2">
        {firstHref && prevHref ? (
          <Link href={firstHref} className={`${link} text-slate-700`}>
            First
          </Link>
        ) : null}
        {prevHref ? (
          <Link href={prevHref} className={`${link} text-slate-700`}>
            ← Earlier events
          </Link>
        ) : (
          <span className={disabled}>← Earlier events</span>
        )}
      </div>
      <div className="flex gap-2">
        {nextHref ? (
          <Link href={nextHref} className={`${link} text-slate-700`}>
            Later events →
          </Link>
        ) : (
          <span className={disabled}>Later events →</span>
        )}
        {latestHref ? (
          <Link href={latestHref} className={`${link} text-slate-700`}>
            Latest
          </Link>
        ) : null}
      </div>
    </nav>
  );
}

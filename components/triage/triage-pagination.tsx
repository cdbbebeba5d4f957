import Link from "next/link";

/** Keyset paging: forward with the cursor, or back to the start (there is no "previous" by design). */
export function TriagePagination({
  firstHref,
  nextHref,
  rowsOnPage,
}: {
  firstHref: string | null;
  nextHref: string | null;
  rowsOnPage: number;
}) {
  const link =
    "rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-inset ring-slate-300 bg-white text-slate-700 hover:bg-slate-50";
  const disabled = "rounded-md px-3 py-1.5 text-sm font-medium ring-1 ring-inset ring-slate-200 text-slate-300";
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-4">
      <p className="text-xs text-slate-500">{rowsOnPage} on this page</p>
      <div className="flex gap-2">
        {firstHref ? (
          <Link href={firstHref} className={link}>
            First page
          </Link>
        ) : (
          <span aria-disabled="true" className={disabled}>
            First page
          </span>
        )}
        {nextHref ? (
          <Link href={nextHref} rel="next" className={link}>
            Next
          </Link>
        ) : (
          <span aria-disabled="true" className={disabled}>
            Next
          </span>
        )}
      </div>
    </nav>
  );
}

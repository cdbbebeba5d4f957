import Link from "next/link";
import type { QueryError } from "@/lib/triage/query-errors";

/** A bad shared link: say which parameter is wrong, and offer the way out. */
export function InvalidTriageQuery({ errors, clearHref }: { errors: readonly QueryError[]; clearHref: string }) {
  return (
    <div role="alert" className="rounded-xl border border-amber-300 bg-amber-50 p-5">
      <h2 className="text-sm font-semibold text-amber-900">This link’s filter could not be read.</h2>
      <ul className="mt-2 list-disc space-y-1 pl-5 text-sm text-amber-900">
        {errors.map((error) => (
          <li key={error.param}>
            Parameter <code className="rounded bg-amber-100 px-1 font-mono text-xs">{error.param}</code>:{" "}
            {error.message}
          </li>
        ))}
      </ul>
      <Link
        href={clearHref}
        className="mt-4 inline-block rounded-md bg-white px-3 py-1.5 text-sm font-medium text-amber-900 ring-1 ring-amber-300 hover:bg-amber-100"
      >
        Clear filters
      </Link>
    </div>
  );
}

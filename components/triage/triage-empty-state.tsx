import Link from "next/link";

export function TriageEmptyState({ clearHref, filtered }: { clearHref: string; filtered: boolean }) {
  return (
    <div className="rounded-xl border border-dashed border-slate-300 bg-white px-6 py-12 text-center">
      <h2 className="text-sm font-semibold text-slate-900">
        {filtered ? "No exposed addresses match these filters." : "No exposed addresses yet."}
      </h2>
      <p className="mt-1 text-sm text-slate-500">
        {filtered
          ? "Widen the filters, or search for a different address or account id."
          : "Import the leaked recipient list to see who was exposed."}
      </p>
      {filtered ? (
        <Link href={clearHref} className="mt-4 inline-block text-sm font-medium text-brand-700 hover:underline">
          Clear filters
        </Link>
      ) : null}
    </div>
  );
}

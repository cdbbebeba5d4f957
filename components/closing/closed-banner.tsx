import { formatUtc } from "@/lib/format/dates";

/** Above every page of a closed incident: when it closed, that it is read-only, and its retention schedule. */
export function ClosedBanner({
  closedAt,
  pseudonymiseAt,
  eraseAt,
  closeHref,
}: {
  closedAt: Date;
  pseudonymiseAt: Date | null;
  eraseAt: Date | null;
  closeHref: string | null;
}) {
  return (
    <div role="status" className="rounded-lg border border-slate-300 bg-slate-100 px-4 py-3 text-sm text-slate-800" data-testid="closed-banner">
      <p className="font-semibold">Closed on {formatUtc(closedAt)} · read-only</p>
      <p className="text-slate-600">
        {pseudonymiseAt ? <>Retention: the personal data is pseudonymised from {formatUtc(pseudonymiseAt)}</> : null}
        {eraseAt ? <>, the remainder erased from {formatUtc(eraseAt)}.</> : null}{" "}
        {closeHref ? (
          <a href={closeHref} className="font-semibold text-brand-700 hover:text-brand-600">
            Close details and reopening
          </a>
        ) : null}
      </p>
    </div>
  );
}

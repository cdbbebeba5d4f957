import type { ReactNode } from "react";

/** A numbered section of the printed report. */
export function ReportSection({
  number,
  title,
  children,
  note,
}: {
  number: number;
  title: string;
  children: ReactNode;
  note?: ReactNode;
}) {
  return (
    <section
      className="break-inside-avoid-page pt-8 first:pt-0 print:pt-6"
      aria-labelledby={`report-section-${number}`}
    >
      <div className="mb-3 flex items-baseline justify-between gap-4 border-b border-slate-900 pb-1.5">
        <h2 id={`report-section-${number}`} className="text-[15px] font-semibold text-slate-900">
          <span className="mr-2 tabular-nums text-slate-500">{number}.</span>
          {title}
        </h2>
        {note ? <span className="text-xs text-slate-500">{note}</span> : null}
      </div>
      {children}
    </section>
  );
}

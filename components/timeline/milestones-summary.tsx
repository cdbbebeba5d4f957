import { formatUtc } from "@/lib/format/dates";
import type { TimelineMilestoneName } from "@/lib/timeline/categories";
import { formatMilestoneDuration, type MilestoneDuration } from "@/lib/timeline/durations";

export type MilestoneRow = { key: TimelineMilestoneName; label: string; at: string | null };

/** The incident's milestones and the intervals between them, as a regulator asks for them. */
export function MilestonesSummary({
  milestones,
  durations,
}: {
  milestones: MilestoneRow[];
  durations: MilestoneDuration[];
}) {
  return (
    <div className="space-y-5">
      <ol className="space-y-2 text-sm" aria-label="Milestones">
        {milestones.map((m) => (
          <li key={m.key} className="flex items-baseline justify-between gap-3">
            <span className={m.at ? "text-slate-800" : "text-slate-500"}>{m.label}</span>
            <span className={`text-right tabular-nums ${m.at ? "font-medium text-slate-900" : "text-slate-500"}`}>
              {m.at ? formatUtc(m.at) : "Not yet"}
            </span>
          </li>
        ))}
      </ol>
      <dl className="grid grid-cols-1 gap-2 border-t border-slate-100 pt-4 text-sm" aria-label="Durations">
        {durations.map((d) => (
          <div key={d.key} className="flex items-baseline justify-between gap-3">
            <dt className="text-slate-600">{d.label}</dt>
            <dd
              className={`shrink-0 text-right font-semibold tabular-nums ${
                d.ms === null ? "font-normal text-slate-500" : d.ms < 0 ? "text-red-700" : "text-slate-900"
              }`}
            >
              {d.ms === null ? "—" : formatMilestoneDuration(d.ms)}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

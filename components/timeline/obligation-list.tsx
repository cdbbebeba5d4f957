import type { ReactNode } from "react";
import { formatUtc } from "@/lib/format/dates";
import { formatDuration } from "@/lib/format/numbers";
import { MILESTONE_LABELS } from "@/lib/timeline/categories";
import { OBLIGATION_STATUS_LABELS, type ObligationStatus } from "@/lib/timeline/obligation-status";
import type { ObligationView } from "@/lib/timeline/obligation-view";
import { Badge, type BadgeTone } from "../ui/badge";

export type ObligationItem = ObligationView;

const TONE: Record<ObligationStatus, BadgeTone> = {
  pending: "info",
  due_soon: "warning",
  overdue: "danger",
  met: "success",
  met_late: "warning",
  waived: "neutral",
};

/** Notification obligations with their due times and whether each was met. */
export function ObligationList({
  obligations,
  now,
  renderActions,
}: {
  obligations: ObligationItem[];
  now: string;
  renderActions?: (obligation: ObligationItem) => ReactNode;
}) {
  return (
    <ul className="divide-y divide-slate-100" aria-label="Notification obligations">
      {obligations.map((o) => {
        const dueIn = Date.parse(o.dueAt) - Date.parse(now);
        return (
          <li key={o.id} className="py-3 first:pt-0 last:pb-0" data-testid="obligation">
            <div className="flex items-start justify-between gap-3">
              <div className="min-w-0">
                <p className="text-sm font-medium text-slate-900">{o.title}</p>
                {o.authority ? <p className="text-xs text-slate-500">{o.authority}</p> : null}
              </div>
              <Badge tone={TONE[o.status]}>{OBLIGATION_STATUS_LABELS[o.status]}</Badge>
            </div>
            <p className="mt-1 text-xs text-slate-600">
              Due {formatUtc(o.dueAt)}
              {o.status === "pending" || o.status === "due_soon" ? ` (in ${formatDuration(dueIn)})` : null}
              {o.status === "overdue" ? ` (${formatDuration(-dueIn)} ago)` : null}
            </p>
            {o.metAt ? (
              <p className="mt-0.5 text-xs text-slate-600">
                Met {formatUtc(o.metAt)}
                {o.metVia === "milestone" && o.metByMilestone
                  ? ` by the “${MILESTONE_LABELS[o.metByMilestone]}” milestone`
                  : o.metBy
                    ? ` (marked by ${o.metBy})`
                    : ""}
                {o.metNote ? ` · ${o.metNote}` : ""}
              </p>
            ) : o.waivedAt ? (
              <p className="mt-0.5 text-xs text-slate-600">
                Waived {formatUtc(o.waivedAt)}
                {o.waivedReason ? ` · ${o.waivedReason}` : ""}
              </p>
            ) : o.metByMilestone ? (
              <p className="mt-0.5 text-xs text-slate-500">
                Met when the “{MILESTONE_LABELS[o.metByMilestone]}” milestone is recorded.
              </p>
            ) : null}
            {!o.metAt && !o.waivedAt && renderActions ? <div className="mt-2">{renderActions(o)}</div> : null}
          </li>
        );
      })}
    </ul>
  );
}

import { formatUtc } from "@/lib/format/dates";
import { Badge, type BadgeTone } from "../ui/badge";

export type TimelineItem = {
  id: string;
  occurredAt: Date;
  category: string;
  milestone: string | null;
  title: string;
  retracted: boolean;
};

const CATEGORY_TONE: Record<string, BadgeTone> = {
  detection: "danger",
  containment: "warning",
  eradication: "warning",
  communication: "info",
  remediation: "success",
  external: "neutral",
};

export function TimelineHighlights({ items }: { items: TimelineItem[] }) {
  if (items.length === 0) return <p className="text-sm text-slate-500">No timeline events recorded yet.</p>;
  return (
    <ol className="relative space-y-5 border-l border-slate-200 pl-5">
      {items.map((item) => (
        <li key={item.id} className="relative">
          <span
            aria-hidden
            className={`absolute -left-[26.5px] top-1 h-3 w-3 rounded-full border-2 border-white ${item.milestone ? "bg-brand-600" : "bg-slate-300"}`}
          />
          <div className="flex flex-wrap items-center gap-2">
            <time dateTime={item.occurredAt.toISOString()} className="text-xs font-medium text-slate-500">
              {formatUtc(item.occurredAt)}
            </time>
            <Badge tone={CATEGORY_TONE[item.category] ?? "neutral"}>{item.category}</Badge>
          </div>
          <p className={`mt-1 text-sm ${item.retracted ? "text-slate-500 line-through" : "text-slate-800"}`}>
            {item.title}
          </p>
        </li>
      ))}
    </ol>
  );
}

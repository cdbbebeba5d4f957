import type { ReactNode } from "react";
import { formatUtc } from "@/lib/format/dates";
import { CATEGORY_LABELS, MILESTONE_LABELS, type TimelineSourceName } from "@/lib/timeline/categories";
import type { TimelineEventView } from "@/lib/timeline/event-view";
import { formatInZone, zoneOffsetMs } from "@/lib/timeline/zoned-time";
import { CATEGORY_STYLE, CategoryBadge } from "./category-badge";
import { LocalTime } from "./local-time";

export type TimelineEventItemData = Omit<TimelineEventView, "externalId">;

/** " by Alice", or nothing when nobody is on record. */
export function byline(name: string | null): string {
  return name ? ` by ${name}` : "";
}

const SOURCE_LABEL: Record<TimelineSourceName, string | null> = { manual: null, system: "Automatic", api: "Via API" };

function EvidenceLinks({ links }: { links: string[] }) {
  if (links.length === 0) return null;
  return (
    <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs">
      {links.map((link) => (
        <li key={link} className="min-w-0 max-w-full">
          <a
            href={link}
            target="_blank"
            rel="noopener noreferrer nofollow"
            className="block truncate font-medium text-brand-700 underline decoration-brand-200 underline-offset-2 hover:text-brand-600 print:text-slate-800"
          >
            {link}
          </a>
        </li>
      ))}
    </ul>
  );
}

function VersionHistory({ event }: { event: TimelineEventItemData }) {
  return (
    <details className="group mt-3 text-xs print:hidden">
      <summary className="cursor-pointer select-none font-medium text-slate-500 hover:text-slate-800">
        History ({event.versions.length} versions)
      </summary>
      <ol className="mt-2 space-y-3 border-l-2 border-slate-100 pl-3" aria-label={`Versions of “${event.title}”`}>
        {event.versions.map((v) => (
          <li key={v.version} data-testid="event-version">
            <p className="text-slate-500">
              <span className="font-semibold text-slate-700">Version {v.version}</span> · {formatUtc(v.recordedAt)}
              {byline(v.recordedBy)}
              {v.version === event.version ? " · current" : null}
            </p>
            {v.changeNote ? <p className="mt-0.5 italic text-slate-600">Reason: {v.changeNote}</p> : null}
            <p className={`mt-1 font-medium ${v.version === event.version ? "text-slate-900" : "text-slate-600"}`}>
              {v.title}
            </p>
            {v.occurredAt ? (
              <p className="text-slate-500">
                {formatUtc(v.occurredAt)}
                {v.category ? ` · ${CATEGORY_LABELS[v.category]}` : ""}
                {v.milestone ? ` · ${MILESTONE_LABELS[v.milestone]}` : ""}
              </p>
            ) : null}
            {v.body ? <p className="mt-1 whitespace-pre-wrap text-slate-600">{v.body}</p> : null}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** One event on the vertical timeline. `actions` are the edit/retract controls, for those who may. */
export function TimelineEventItem({ event, actions }: { event: TimelineEventItemData; actions?: ReactNode }) {
  const retracted = event.retracted !== null;
  const source = SOURCE_LABEL[event.source];
  const edited = event.version > 1 ? event.versions[0] : null;
  return (
    <li
      className="relative break-inside-avoid pb-8 pl-8 last:pb-2"
      data-testid="timeline-event"
      data-event-id={event.id}
    >
      <span aria-hidden className="absolute bottom-0 left-[7px] top-5 w-px bg-slate-200 print:bg-slate-300" />
      <span
        aria-hidden
        className={`absolute left-0 top-1.5 h-[15px] w-[15px] rounded-full border-[3px] border-white ring-1 ring-slate-200 ${
          retracted ? "bg-slate-200" : CATEGORY_STYLE[event.category].dot
        } ${event.milestone && !retracted ? "ring-2 ring-slate-900/70" : ""}`}
      />
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <time dateTime={event.occurredAt} className="text-sm font-semibold tabular-nums text-slate-900">
          {formatUtc(event.occurredAt)}
        </time>
        <span className="text-xs text-slate-500">
          <LocalTime iso={event.occurredAt} prefix="Your time: " />
          {zoneOffsetMs(new Date(event.occurredAt), event.timeZone) !== 0 ? (
            <span className="ml-2">Reported as {formatInZone(new Date(event.occurredAt), event.timeZone)}</span>
          ) : null}
        </span>
      </div>
      <div className="mt-1.5 flex flex-wrap items-center gap-2">
        <CategoryBadge category={event.category} />
        {event.milestone ? (
          <span className="inline-flex items-center rounded-full bg-slate-900 px-2 py-0.5 text-xs font-medium text-white print:border print:border-slate-900 print:bg-white print:text-slate-900">
            Milestone: {MILESTONE_LABELS[event.milestone]}
          </span>
        ) : null}
        {source ? <span className="text-xs font-medium uppercase tracking-wide text-slate-500">{source}</span> : null}
        {retracted ? (
          <span className="inline-flex items-center rounded-full bg-slate-100 px-2 py-0.5 text-xs font-semibold uppercase tracking-wide text-slate-600 ring-1 ring-inset ring-slate-300">
            Retracted
          </span>
        ) : null}
      </div>
      <h3
        className={`mt-2 text-[15px] font-semibold leading-6 ${
          retracted ? "text-slate-500 line-through decoration-slate-400" : "text-slate-900"
        }`}
      >
        {event.title}
      </h3>
      {event.body ? (
        <p
          className={`mt-1 max-w-3xl whitespace-pre-wrap text-sm leading-6 ${retracted ? "text-slate-500" : "text-slate-600"}`}
        >
          {event.body}
        </p>
      ) : null}
      <EvidenceLinks links={event.evidenceLinks} />
      {event.retracted ? (
        <p className="mt-2 rounded-md bg-slate-50 px-3 py-2 text-xs text-slate-600 ring-1 ring-inset ring-slate-200">
          Retracted {formatUtc(event.retracted.at)}
          {byline(event.retracted.by)}: {event.retracted.reason}
        </p>
      ) : null}
      <p className="mt-2 text-xs text-slate-500">
        Recorded {formatUtc(event.recordedAt)}
        {byline(event.recordedBy)}
        {edited ? (
          <>
            {" "}
            · edited {formatUtc(edited.recordedAt)}
            {byline(edited.recordedBy)} (version {event.version})
          </>
        ) : null}
      </p>
      {event.versions.length > 1 ? <VersionHistory event={event} /> : null}
      {actions ? <div className="mt-2">{actions}</div> : null}
    </li>
  );
}

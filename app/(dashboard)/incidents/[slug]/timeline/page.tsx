import Link from "next/link";
import type { Metadata } from "next";
import { PrintButton } from "@/components/report/print-button";
import { AddEventForm } from "@/components/timeline/add-event-form";
import { ApiTokenList } from "@/components/timeline/api-token-list";
import { CreateApiTokenForm, RevokeApiTokenButton } from "@/components/timeline/api-token-forms";
import { Article33Clock } from "@/components/timeline/article-33-clock";
import { CategoryFilter, timelineHref } from "@/components/timeline/category-filter";
import { MilestonesSummary } from "@/components/timeline/milestones-summary";
import { AddObligationForm, MarkObligationMetForm, WaiveObligationForm } from "@/components/timeline/obligation-forms";
import { ObligationList } from "@/components/timeline/obligation-list";
import { EventActions } from "@/components/timeline/event-actions";
import { TimelineEventItem } from "@/components/timeline/timeline-event-item";
import { TimelinePager } from "@/components/timeline/timeline-pager";
import { Card } from "@/components/ui/card";
import { formatUtc } from "@/lib/format/dates";
import { formatCount } from "@/lib/format/numbers";
import { MILESTONE_LABELS, TIMELINE_MILESTONES, isTimelineCategory } from "@/lib/timeline/categories";
import { article33Deadline } from "@/lib/timeline/clock";
import { decodeCursor } from "@/lib/timeline/cursor";
import { milestoneDurations } from "@/lib/timeline/durations";
import { requirePagePermission } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { listApiTokens } from "@/server/timeline/api-tokens/list-api-tokens";
import { countTimelineEvents, listTimelineEvents } from "@/server/timeline/list-timeline-events";
import { listObligations } from "@/server/timeline/obligations/list-obligations";
import { loadIncidentOr404, loadMilestoneTimes } from "../load-incident";
import {
  addObligationAction,
  addTimelineEventAction,
  createApiTokenAction,
  editTimelineEventAction,
  markObligationMetAction,
  waiveObligationAction,
  retractTimelineEventAction,
  revokeApiTokenAction,
} from "./actions";
import { mayChange } from "@/lib/closing/may-change";

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export const metadata: Metadata = { title: "Timeline" };

const PAGE_SIZE = 50;

function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

const END_OF_TIMELINE = { occurredAt: new Date("9999-12-31T23:59:59.999Z"), id: "ffffffff-ffff-ffff-ffff-ffffffffffff" };

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export default async function TimelinePage({ params, searchParams }: Props) {
  const user = await requirePagePermission("timeline.read");
  const { slug } = await params;
  const incident = await loadIncidentOr404(slug);
  const query = await searchParams;
  // A hand-edited URL degrades to the unfiltered first page rather than an error.
  const categories = [...new Set(list(query.category).filter(isTimelineCategory))];
  const after = decodeCursor(single(query.after));
  // "?before=end" is the newest page ("Jump to latest"): before a cursor past every event.
  const toEnd = !after && single(query.before) === "end";
  const before = after ? null : toEnd ? END_OF_TIMELINE : decodeCursor(single(query.before));

  const db = await getDb();
  const now = new Date();
  const [page, total, milestones] = await Promise.all([
    listTimelineEvents(db, { incidentId: incident.id, categories, after, before, limit: PAGE_SIZE }),
    countTimelineEvents(db, incident.id, categories),
    loadMilestoneTimes(incident),
  ]);
  const obligations = await listObligations(db, incident, milestones, now);
  const canWrite = mayChange(user.role, "timeline.write", incident);
  const canManageTokens = mayChange(user.role, "api_tokens.manage", incident);
  const tokens = canManageTokens ? await listApiTokens(db, incident.id) : [];

  const base = `/incidents/${encodeURIComponent(incident.slug)}/timeline`;
  // Events run oldest first; the newest are a jump away once there are more than a page.
  const nextCursor = toEnd ? null : page.nextCursor;
  const latestHref = nextCursor ? timelineHref(base, categories, { before: "end" }) : null;
  const csvParams = new URLSearchParams(categories.map((c) => ["category", c]));
  const csvHref = `/api/v1/incidents/${encodeURIComponent(incident.slug)}/timeline/export${
    csvParams.size ? `?${csvParams}` : ""
  }`;

  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_23rem] print:block">
      <div className="min-w-0 space-y-5">
        <div className="hidden print:block">
          <p className="text-xs uppercase tracking-wide text-slate-500">Incident timeline · {incident.slug}</p>
          <h1 className="text-xl font-semibold text-slate-900">{incident.title}</h1>
          <p className="text-xs text-slate-500">Printed {formatUtc(now)}. Times in UTC.</p>
        </div>
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <h2 className="text-lg font-semibold text-slate-900">Timeline</h2>
            <p className="text-sm text-slate-500">
              {formatCount(total)} {total === 1 ? "event" : "events"}
              {categories.length > 0 ? " in the selected categories" : ""} · times in UTC, with your local time
            </p>
          </div>
          <div className="flex gap-2 print:hidden">
            {latestHref ? (
              <Link
                href={latestHref}
                className="rounded-md bg-white px-3 py-2 text-sm font-semibold text-brand-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
              >
                Jump to latest
              </Link>
            ) : null}
            <a
              href={csvHref}
              className="rounded-md bg-white px-3 py-2 text-sm font-semibold text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
            >
              Export CSV
            </a>
            <PrintButton />
          </div>
        </div>

        <CategoryFilter base={base} selected={categories} />

        {canWrite ? (
          <details className="group rounded-xl border border-slate-200 bg-white shadow-sm print:hidden">
            <summary className="cursor-pointer select-none px-5 py-3 text-sm font-semibold text-brand-700 hover:text-brand-600">
              Add an event
            </summary>
            <div className="border-t border-slate-100 px-5 py-5">
              <AddEventForm slug={incident.slug} action={addTimelineEventAction} />
            </div>
          </details>
        ) : null}

        <section
          aria-label="Timeline events"
          className="rounded-xl border border-slate-200 bg-white px-6 pb-4 pt-6 shadow-sm print:border-0 print:p-0 print:shadow-none"
        >
          {page.events.length === 0 ? (
            <p className="pb-2 text-sm text-slate-500">
              {categories.length > 0 ? "No events in these categories." : "No timeline events recorded yet."}
            </p>
          ) : (
            <ol>
              {page.events.map((event) => (
                <TimelineEventItem
                  key={event.id}
                  event={event}
                  actions={
                    canWrite && !event.retracted ? (
                      <EventActions
                        slug={incident.slug}
                        event={event}
                        editAction={editTimelineEventAction}
                        retractAction={retractTimelineEventAction}
                      />
                    ) : undefined
                  }
                />
              ))}
            </ol>
          )}
        </section>

        <TimelinePager
          firstHref={timelineHref(base, categories)}
          prevHref={page.prevCursor ? timelineHref(base, categories, { before: page.prevCursor }) : null}
          nextHref={nextCursor ? timelineHref(base, categories, { after: nextCursor }) : null}
          latestHref={latestHref}
        />
      </div>

      <aside className="space-y-6 print:hidden" aria-label="Clocks and obligations">
        <Card title="GDPR Article 33 clock" description="72 hours from T0 to notify the supervisory authority">
          <Article33Clock
            awareAt={incident.awareAt.toISOString()}
            deadline={article33Deadline(incident.awareAt).toISOString()}
            metAt={milestones.regulator_notified?.toISOString() ?? null}
            serverNow={now.toISOString()}
          />
        </Card>

        <Card title="Milestones" description="Leak start and T0 from the incident; the rest from milestone events">
          <MilestonesSummary
            milestones={TIMELINE_MILESTONES.map((key) => ({
              key,
              label: MILESTONE_LABELS[key],
              at: milestones[key]?.toISOString() ?? null,
            }))}
            durations={milestoneDurations(milestones)}
          />
        </Card>

        <Card title="Notification obligations" description="Deadlines to notify regulators, customers and partners">
          <div className="space-y-5">
            <ObligationList
              obligations={obligations}
              now={now.toISOString()}
              renderActions={
                canWrite
                  ? (o) =>
                      o.builtIn ? null : (
                        <div className="flex flex-wrap items-start gap-4">
                          <MarkObligationMetForm
                            slug={incident.slug}
                            obligationId={o.id}
                            title={o.title}
                            action={markObligationMetAction}
                          />
                          <WaiveObligationForm
                            slug={incident.slug}
                            obligationId={o.id}
                            title={o.title}
                            action={waiveObligationAction}
                          />
                        </div>
                      )
                  : undefined
              }
            />
            {canWrite ? (
              <details className="border-t border-slate-100 pt-4">
                <summary className="cursor-pointer select-none text-sm font-semibold text-brand-700 hover:text-brand-600">
                  Add an obligation
                </summary>
                <div className="pt-3">
                  <AddObligationForm slug={incident.slug} action={addObligationAction} />
                </div>
              </details>
            ) : null}
          </div>
        </Card>

        {canManageTokens ? (
          <Card title="API tokens" description="For systems that post events to this timeline (admins only)">
            <div className="space-y-4">
              <ApiTokenList
                tokens={tokens}
                renderRevoke={(t) => (
                  <RevokeApiTokenButton
                    slug={incident.slug}
                    tokenId={t.id}
                    name={t.name}
                    action={revokeApiTokenAction}
                  />
                )}
              />
              <CreateApiTokenForm
                slug={incident.slug}
                action={createApiTokenAction}
                apiUrl={`$BREACHDESK_URL/api/v1/incidents/${incident.slug}/timeline`}
                revokedPrefixes={tokens.filter((t) => t.revokedAt).map((t) => t.prefix)}
              />
            </div>
          </Card>
        ) : null}
      </aside>
    </div>
  );
}

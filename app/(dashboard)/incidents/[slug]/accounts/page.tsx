import type { Metadata } from "next";
import { Suspense, type ReactNode } from "react";
import { BulkRequestProvider } from "@/components/remediation/bulk-request-context";
import { InvalidTriageQuery } from "@/components/triage/invalid-triage-query";
import { MaskedSearchHint } from "@/components/triage/masked-search-hint";
import { RiskRulesPanel } from "@/components/triage/risk-rules-panel";
import { TriageFilterBar } from "@/components/triage/triage-filter-bar";
import { TriagePagination } from "@/components/triage/triage-pagination";
import { TriageResultCount } from "@/components/triage/triage-result-count";
import { TriageTable } from "@/components/triage/triage-table";
import { TriageEmptyState } from "@/components/triage/triage-empty-state";
import { Skeleton } from "@/components/ui/card";
import { formatUtcTime } from "@/lib/format/dates";
import { parseTriageQuery, triageFilterToParams, triageSortsFor, type TriageSort } from "@/lib/triage/filter";
import { triageQueryErrors } from "@/lib/triage/query-errors";
import { toTriageTableRow } from "@/lib/triage/types";
import { listTriageFilterOptions } from "@/server/accounts/list-triage-filter-options";
import { requirePagePermission } from "@/server/auth/session";
import { remediationConfig } from "@/server/remediation/remediation-config";
import { getDb } from "@/server/db";
import { countTriageEntriesForView, listTriageEntries } from "@/server/triage/list-triage-entries";
import { loadIncidentOr404 } from "../load-incident";
import { previewBulkActionAction, previewBulkSelectionAction, requestBulkActionAction } from "./actions";
import { can } from "@/lib/auth/permissions";
import { mayChange } from "@/lib/closing/may-change";

type Props = {
  params: Promise<{ slug: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export const metadata: Metadata = { title: "Exposed accounts" };

function withQuery(path: string, params: URLSearchParams): string {
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

export default async function ExposedAccountsPage({ params, searchParams }: Props) {
  const user = await requirePagePermission("accounts.read");
  const { slug } = await params;
  const incident = await loadIncidentOr404(slug);
  const base = `/incidents/${encodeURIComponent(incident.slug)}/accounts`;
  const unmasked = can(user.role, "accounts.read_unmasked");
  const viewer = { unmasked };
  const rawParams = await searchParams;
  // A masked role's search for an address (a shared link, say) is left out
  // rather than answered with an error in place of the table; the hint says why.
  const droppedAddressSearch = !unmasked && typeof rawParams.q === "string" && rawParams.q.includes("@");
  const { filter, page } = parseTriageQuery(droppedAddressSearch ? { ...rawParams, q: undefined } : rawParams, viewer);
  if (!filter.success || !page.success) {
    return <InvalidTriageQuery errors={triageQueryErrors(filter, page)} clearHref={base} />;
  }

  const db = await getDb();
  const sorts = triageSortsFor(viewer);
  const sort = page.data.sort;
  // The default sort stays out of the URL, so the plain tab link is the same view.
  const sortParam = (value: TriageSort) => (value === "risk" ? undefined : value);
  const href = (extra: Record<string, string | undefined> = {}) =>
    withQuery(base, triageFilterToParams(filter.data, { sort: sortParam(sort), ...extra }));

  const matchCount = countTriageEntriesForView(db, incident, filter.data, viewer);
  // A failed count shows in its own boundary; keep it from being an unhandled rejection meanwhile.
  matchCount.catch(() => undefined);
  const [list, options] = await Promise.all([
    listTriageEntries(db, incident, filter.data, page.data, viewer),
    listTriageFilterOptions(db, incident),
  ]);
  const query = triageFilterToParams(filter.data).toString();
  const sortHrefs: Partial<Record<TriageSort, string>> = Object.fromEntries(
    sorts.map((value) => [value, withQuery(base, triageFilterToParams(filter.data, { sort: sortParam(value) }))]),
  );

  return (
    <div className="space-y-3">
      <TriageFilterBar
        filter={filter.data}
        sort={sort}
        sorts={sorts}
        addressSearch={unmasked}
        countries={options.countries}
        groups={options.groups.map((group) => ({
          id: group.id,
          label: group.sentAt ? `${group.batchKey} · ${formatUtcTime(group.sentAt)} UTC` : group.batchKey,
        }))}
        clearHref={base}
        summary={
          <Suspense fallback={<Skeleton className="h-5 w-40" />}>
            <TriageResultCount count={matchCount} />
          </Suspense>
        }
        actions={
          <>
            {unmasked ? null : (
              <span className="text-xs text-slate-500">E-mail addresses are masked for your role.</span>
            )}
            {mayChange(user.role, "notices.compose", incident) ? (
              // The notice's audience is this table's query: start a notice to exactly this view.
              <a
                href={withQuery(
                  `/incidents/${encodeURIComponent(incident.slug)}/notices/compose`,
                  new URLSearchParams(query ? { audience: query } : {}),
                )}
                className="inline-flex h-8 items-center rounded-md bg-white px-3 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
              >
                Notify these customers
              </a>
            ) : null}
            <a
              href={withQuery(
                `/api/v1/incidents/${encodeURIComponent(incident.slug)}/accounts/export`,
                triageFilterToParams(filter.data, { sort: sortParam(sort) }),
              )}
              download
              className="inline-flex h-8 items-center rounded-md bg-white px-3 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
            >
              Export CSV
            </a>
          </>
        }
      />
      {droppedAddressSearch ? <MaskedSearchHint /> : null}
      {list.rows.length === 0 ? (
        <TriageEmptyState clearHref={base} filtered={query !== ""} />
      ) : (
        <BulkRequestScope
          allowed={mayChange(user.role, "bulk.request", incident)}
          slug={incident.slug}
          defaultHoldHours={remediationConfig().defaultHoldHours}
        >
          <TriageTable
            key={`${query}|${sort}|${page.data.after ?? ""}`}
            rows={list.rows.map(toTriageTableRow)}
            now={new Date()}
            caption={`Exposed addresses in ${incident.title}, sorted by ${sort.replace("_", " ")}`}
            accountHrefBase={base}
            sort={sort}
            sortHrefs={sortHrefs}
            selection={
              mayChange(user.role, "bulk.request", incident)
                ? { query, matchCount, preview: previewBulkSelectionAction.bind(null, incident.slug) }
                : undefined
            }
          />
        </BulkRequestScope>
      )}
      <TriagePagination
        firstHref={page.data.after ? href() : null}
        nextHref={list.nextCursor ? href({ after: list.nextCursor }) : null}
        rowsOnPage={list.rows.length}
      />
      <RiskRulesPanel accountsHref={base} />
    </div>
  );
}

/** The selection bar's bulk actions, for viewers who may request them. */
function BulkRequestScope({
  allowed,
  slug,
  defaultHoldHours,
  children,
}: {
  allowed: boolean;
  slug: string;
  defaultHoldHours: number;
  children: ReactNode;
}) {
  if (!allowed) return <>{children}</>;
  return (
    <BulkRequestProvider
      value={{
        actions: {
          preview: previewBulkActionAction.bind(null, slug),
          request: requestBulkActionAction.bind(null, slug),
        },
        defaultHoldHours,
      }}
    >
      {children}
    </BulkRequestProvider>
  );
}

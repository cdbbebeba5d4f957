import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { z } from "zod";
import type { BulkControlActions } from "@/components/remediation/bulk-action-controls";
import { BulkLivePanel } from "@/components/remediation/bulk-live-panel";
import { BulkItemsTable } from "@/components/remediation/bulk-items-table";
import { FrozenSetSummary } from "@/components/remediation/frozen-set-summary";
import { TriageFilterSummary } from "@/components/remediation/triage-filter-summary";
import {
  BulkStatusBadge,
  bulkActionTitle,
  effectiveBulkStatus,
  holdDurationText,
} from "@/components/remediation/bulk-status-badge";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { formatUtc } from "@/lib/format/dates";
import { formatCount } from "@/lib/format/numbers";
import {
  ACTION_KIND_LABELS,
  RELEASE_CODE_LABELS,
  SKIP_REASON_LABELS,
  type SkipReason,
} from "@/lib/remediation/actions";
import { requirePagePermission } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { getBulkActionView } from "@/server/remediation/get-bulk-action";
import { listBulkActionItems } from "@/server/remediation/list-bulk-action-items";
import { getBulkActionSelection, type BulkSelectionRecord } from "@/server/remediation/list-bulk-actions";
import { summarizeFrozenSet } from "@/server/remediation/summarize-frozen-set";
import { loadIncidentOr404 } from "../../load-incident";
import { bulkLiveView } from "../live-view";
import {
  approveBulkActionAction,
  cancelBulkActionAction,
  getBulkProgressAction,
  pauseBulkActionAction,
  rejectBulkActionAction,
  resumeBulkActionAction,
  retryFailedItemsAction,
} from "../actions";
import { mayChange } from "@/lib/closing/may-change";

type Props = {
  params: Promise<{ slug: string; id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export const metadata: Metadata = { title: "Bulk action" };

const ITEMS_SHOWN = 100;
const ItemFilterInput = z.object({ status: z.enum(["failed", "skipped"]).optional().catch(undefined) });

function SelectionText({ selection, accountsHref }: { selection: BulkSelectionRecord; accountsHref: string }) {
  if (selection.kind === "filter") {
    return (
      <>
        <span className="block">Every account that matched this filter when it was requested:</span>
        <span className="mt-1 block">
          <TriageFilterSummary query={selection.query} />
        </span>
        <span className="mt-1 block text-xs text-slate-500">
          {selection.query ? <span className="font-mono">{selection.query}</span> : null}{" "}
          <Link
            href={selection.query ? `${accountsHref}?${selection.query}` : accountsHref}
            className="text-brand-700 underline underline-offset-2"
          >
            Open this filter now
          </Link>{" "}
          (today&apos;s matches may differ)
        </span>
      </>
    );
  }
  if (selection.kind === "ids") return <>{formatCount(selection.count)} rows ticked in the exposed accounts table</>;
  if (selection.kind === "accounts") return <>A file of {formatCount(selection.count)} account ids</>;
  return <>—</>;
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-slate-800">{children}</dd>
    </>
  );
}

export default async function BulkActionPage({ params, searchParams }: Props) {
  const user = await requirePagePermission("incidents.read");
  const { slug, id } = await params;
  const incident = await loadIncidentOr404(slug);
  const db = await getDb();
  const view = await getBulkActionView(db, id, { incidentId: incident.id });
  if (!view) notFound();
  const filter = ItemFilterInput.parse(await searchParams).status;
  const now = new Date();
  const status = effectiveBulkStatus(view.status, view.expiresAt, now);
  // The approver's summary of the frozen accounts: read only while someone may approve.
  const showSummary = status === "pending_approval" && mayChange(user.role, "bulk.approve", incident);
  const [selection, items, frozen] = await Promise.all([
    getBulkActionSelection(db, incident.id, view.id),
    listBulkActionItems(db, view.id, { statuses: filter ? [filter] : undefined, limit: ITEMS_SHOWN }),
    showSummary ? summarizeFrozenSet(db, incident, view.id) : null,
  ]);

  const base = `/incidents/${encodeURIComponent(incident.slug)}`;
  const here = `${base}/bulk-actions/${view.id}`;
  const frozenHref = `${base}/accounts?bulk=${view.id}`;
  const title = bulkActionTitle(view.kind, view.total);
  const isRequester = view.requestedBy?.id === user.id;
  const actions: BulkControlActions = {
    ...(mayChange(user.role, "bulk.approve", incident)
      ? {
          approve: approveBulkActionAction.bind(null, incident.slug, view.id),
          reject: rejectBulkActionAction.bind(null, incident.slug, view.id),
        }
      : {}),
    ...(mayChange(user.role, "bulk.request", incident)
      ? {
          pause: pauseBulkActionAction.bind(null, incident.slug, view.id),
          resume: resumeBulkActionAction.bind(null, incident.slug, view.id),
          cancel: cancelBulkActionAction.bind(null, incident.slug, view.id),
          retry: retryFailedItemsAction.bind(null, incident.slug, view.id),
        }
      : {}),
  };
  const skippedAtRequest = Object.entries(view.skippedAtRequest).filter(([, n]) => (n ?? 0) > 0) as [
    SkipReason,
    number,
  ][];
  const skippedTotal = skippedAtRequest.reduce((sum, [, n]) => sum + n, 0);
  const decided = view.decidedBy || view.decidedAt;

  return (
    <div className="space-y-5">
      <div>
        <Link href={`${base}/bulk-actions`} className="text-xs font-medium text-slate-500 hover:text-slate-800">
          ← Bulk actions
        </Link>
        <h2 className="mt-1 flex flex-wrap items-center gap-3 text-xl font-semibold text-slate-900">
          <span>{title}</span>
          <BulkStatusBadge status={status} />
          {view.origin === "recommendation" ? <Badge tone="info">Recommendation</Badge> : null}
        </h2>
        <p className="mt-0.5 text-sm text-slate-600">
          Requested by {view.requestedBy?.name ?? "someone no longer on staff"}
          {view.requestedViaToken ? ` via token ${view.requestedViaToken.name}` : ""} on {formatUtc(view.createdAt)}
          {view.kind === "withdrawal_hold" ? ` · hold ${holdDurationText(view.holdHours)}` : ""}
        </p>
      </div>

      <Card title="Progress">
        <BulkLivePanel
          initial={bulkLiveView(view)}
          poll={getBulkProgressAction.bind(null, incident.slug, view.id)}
          label={`Progress of the ${title.toLowerCase()}`}
          expiresAt={view.expiresAt}
          kind={view.kind}
          isRequester={isRequester}
          actions={actions}
          requestedViaToken={view.requestedViaToken?.name}
          approveSummary={
            <dl className="grid grid-cols-[minmax(0,8rem)_minmax(0,1fr)] gap-x-3 gap-y-1.5" data-testid="approve-summary">
              <Row label="Requested by">
                {view.requestedBy ? `${view.requestedBy.name} (${view.requestedBy.email})` : "—"}
                {view.requestedViaToken ? `, requested via token ${view.requestedViaToken.name}` : ""}
              </Row>
              {view.kind === "withdrawal_hold" ? <Row label="Hold for">{holdDurationText(view.holdHours)}</Row> : null}
              {view.kind === "hold_release" ? (
                <Row label="Release reason">{view.releaseCode ? RELEASE_CODE_LABELS[view.releaseCode] : "—"}</Row>
              ) : null}
              <Row label={view.kind === "hold_release" ? "Note" : "Reason"}>{view.reason}</Row>
              <Row label="Accounts">
                {selection.kind === "filter" ? (
                  <TriageFilterSummary query={selection.query} />
                ) : (
                  <SelectionText selection={selection} accountsHref={`${base}/accounts`} />
                )}
                {frozen ? (
                  <div className="mt-2">
                    <FrozenSetSummary summary={frozen} tableHref={frozenHref} accountHrefBase={`${base}/accounts`} />
                  </div>
                ) : null}
                {skippedTotal > 0 ? (
                  <span className="mt-1 block text-xs text-slate-500">
                    {formatCount(skippedTotal)} selected {skippedTotal === 1 ? "account was" : "accounts were"} left out
                    (listed below).
                  </span>
                ) : null}
              </Row>
            </dl>
          }
        />
      </Card>

      <div className="grid gap-5 lg:grid-cols-3 lg:items-start">
        <Card title="What it is" className="lg:col-span-2">
          <dl className="grid grid-cols-[minmax(0,7rem)_minmax(0,1fr)] gap-x-3 gap-y-2 text-sm sm:grid-cols-[11rem_minmax(0,1fr)]" data-testid="bulk-details">
            <Row label="Action">{ACTION_KIND_LABELS[view.kind]}</Row>
            <Row label="Accounts">
              <strong className="tabular-nums">{formatCount(view.total)}</strong>, frozen when it was requested ·{" "}
              <Link href={frozenHref} className="text-brand-700 underline underline-offset-2">
                open exactly these in the table
              </Link>
            </Row>
            {view.kind === "withdrawal_hold" ? <Row label="Hold for">{holdDurationText(view.holdHours)}</Row> : null}
            {view.kind === "hold_release" ? (
              <Row label="Release reason">{view.releaseCode ? RELEASE_CODE_LABELS[view.releaseCode] : "—"}</Row>
            ) : null}
            <Row label={view.kind === "hold_release" ? "Note" : "Reason"}>{view.reason}</Row>
            <Row label="Selection">
              <SelectionText selection={selection} accountsHref={`${base}/accounts`} />
            </Row>
            <Row label="Requested">
              {formatUtc(view.createdAt)} by{" "}
              {view.requestedBy ? `${view.requestedBy.name} (${view.requestedBy.email})` : "—"}
              {view.requestedViaToken ? ` via token ${view.requestedViaToken.name}` : ""}
            </Row>
            <Row label="Approval">
              {!view.needsApproval
                ? "Not needed (at or below the four-eyes threshold over the requester's last 24 hours)"
                : decided
                  ? `${view.status === "rejected" ? "Rejected" : "Approved"} ${view.decidedAt ? formatUtc(view.decidedAt) : ""} by ${view.decidedBy?.name ?? "—"}`
                  : status === "expired"
                    ? `Expired unapproved${view.expiresAt ? ` at ${formatUtc(view.expiresAt)}` : ""}`
                    : `Needed from someone other than the requester${view.expiresAt ? `, by ${formatUtc(view.expiresAt)}` : ""}`}
            </Row>
            {view.decisionNote ? (
              <Row label={view.status === "rejected" ? "Rejection reason" : "Approval note"}>{view.decisionNote}</Row>
            ) : null}
            {view.startedAt ? <Row label="Started">{formatUtc(view.startedAt)}</Row> : null}
            {view.finishedAt ? <Row label="Finished">{formatUtc(view.finishedAt)}</Row> : null}
          </dl>
        </Card>
        <Card title="Left out when requested" description="Selected, but not acted on, and why.">
          {skippedAtRequest.length === 0 ? (
            <p className="text-sm text-slate-500">None: every selected account is in this action.</p>
          ) : (
            <ul className="space-y-1.5 text-sm" data-testid="bulk-skipped-at-request">
              {skippedAtRequest.map(([reason, n]) => (
                <li key={reason} className="flex justify-between gap-3">
                  <span className="text-slate-700">{SKIP_REASON_LABELS[reason] ?? reason}</span>
                  <span className="font-semibold tabular-nums text-slate-900">{formatCount(n)}</span>
                </li>
              ))}
              <li className="flex justify-between gap-3 border-t border-slate-100 pt-1.5 text-slate-500">
                <span>Total left out</span>
                <span className="tabular-nums">{formatCount(skippedTotal)}</span>
              </li>
            </ul>
          )}
        </Card>
      </div>

      <Card title="Accounts" description={`The first ${ITEMS_SHOWN} in the order they run (highest risk first).`}>
        <BulkItemsTable
          rows={items}
          accountHrefBase={`${base}/accounts`}
          limit={ITEMS_SHOWN}
          filters={[
            { label: "All", href: here, count: view.total, current: !filter },
            { label: "Failed", href: `${here}?status=failed`, count: view.failed, current: filter === "failed" },
            { label: "Skipped", href: `${here}?status=skipped`, count: view.skipped, current: filter === "skipped" },
          ]}
        />
      </Card>
    </div>
  );
}

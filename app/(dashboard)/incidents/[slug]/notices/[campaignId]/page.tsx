import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { z } from "zod";
import { NoticeCampaignControls, type NoticeControlActions } from "@/components/notices/notice-campaign-controls";
import { NoticeProgressLive } from "@/components/notices/notice-progress";
import { MessageStatusBadge, NoticeStatusBadge } from "@/components/notices/notice-status-badge";
import { TriageFilterSummary } from "@/components/remediation/triage-filter-summary";
import { Card } from "@/components/ui/card";
import { formatUtc } from "@/lib/format/dates";
import { formatCount } from "@/lib/format/numbers";
import { requirePagePermission } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { NOTICE_SKIP_LABELS, type NoticeSkipReason } from "@/server/notify/audience-sql";
import { getNoticeCampaignView, listNoticeMessages } from "@/server/notify/get-notice-campaign";
import { loadIncidentOr404 } from "../../load-incident";
import { noticeLiveView } from "../live-view";
import {
  approveNoticeCampaignAction,
  cancelNoticeCampaignAction,
  getNoticeProgressAction,
  rejectNoticeCampaignAction,
  resolveInDoubtAction,
} from "../actions";
import { can } from "@/lib/auth/permissions";
import { mayChange } from "@/lib/closing/may-change";

type Props = {
  params: Promise<{ slug: string; campaignId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export const metadata: Metadata = { title: "Customer notice" };

const SHOWN = 100;
const Filter = z.object({
  status: z.enum(["queued", "sent", "deferred", "bounced", "failed", "in_doubt", "cancelled"]).optional().catch(undefined),
});

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-slate-800">{children}</dd>
    </>
  );
}

export default async function NoticeCampaignPage({ params, searchParams }: Props) {
  const user = await requirePagePermission("incidents.read");
  const { slug, campaignId } = await params;
  const incident = await loadIncidentOr404(slug);
  const db = await getDb();
  const view = await getNoticeCampaignView(db, incident.id, campaignId);
  if (!view) notFound();
  const filter = Filter.parse(await searchParams).status;
  const messages = await listNoticeMessages(db, view.id, {
    statuses: filter ? [filter] : undefined,
    limit: SHOWN,
    unmasked: can(user.role, "accounts.read_unmasked"),
  });
  const base = `/incidents/${encodeURIComponent(incident.slug)}`;
  const here = `${base}/notices/${view.id}`;
  const actions: NoticeControlActions = {
    ...(mayChange(user.role, "notices.approve", incident)
      ? {
          approve: approveNoticeCampaignAction.bind(null, incident.slug, view.id),
          reject: rejectNoticeCampaignAction.bind(null, incident.slug, view.id),
        }
      : {}),
    ...(mayChange(user.role, "notices.compose", incident)
      ? {
          cancel: cancelNoticeCampaignAction.bind(null, incident.slug, view.id),
          resolveInDoubt: resolveInDoubtAction.bind(null, incident.slug, view.id),
        }
      : {}),
  };
  const skipped = Object.entries(view.skippedAtRequest).filter(([, n]) => (n ?? 0) > 0) as [NoticeSkipReason, number][];
  const filters = [
    { label: "All", status: undefined, count: view.total },
    { label: "Sent", status: "sent", count: view.sent },
    { label: "Retrying", status: "deferred", count: view.deferred },
    { label: "Bounced", status: "bounced", count: view.bounced },
    { label: "Failed", status: "failed", count: view.failed },
    { label: "In doubt", status: "in_doubt", count: view.inDoubt },
  ] as const;

  return (
    <div className="space-y-5">
      <div>
        <Link href={`${base}/notices`} className="text-xs font-medium text-slate-500 hover:text-slate-800">
          ← Customer notices
        </Link>
        <h2 className="mt-1 flex flex-wrap items-center gap-3 text-xl font-semibold text-slate-900">
          <span>Notice to {formatCount(view.total)} customers</span>
          <NoticeStatusBadge status={view.status} />
        </h2>
        <p className="mt-0.5 text-sm text-slate-600">
          Version {view.template.version}: “{view.template.subject}” · requested by {view.requestedBy?.name ?? "someone no longer on staff"} on{" "}
          {formatUtc(view.createdAt)}
        </p>
      </div>

      <Card
        title="Progress"
        description={
          view.status === "pending_approval"
            ? `Nothing has been sent: it waits for a second person's approval${view.expiresAt ? ` until ${formatUtc(view.expiresAt)}` : ""}.`
            : view.status === "rejected" || view.status === "expired"
              ? "Nothing was sent."
              : view.finishedAt
                ? `Finished ${formatUtc(view.finishedAt)}.`
                : "Updates live while it sends."
        }
      >
        <div className="space-y-4">
          {/* A campaign that never ran (rejected, expired) has nothing to show progress of. */}
          {view.status === "rejected" || view.status === "expired" ? null : (
            <NoticeProgressLive
              initial={noticeLiveView(view)}
              poll={getNoticeProgressAction.bind(null, incident.slug, view.id)}
            />
          )}
          <NoticeCampaignControls status={view.status} total={view.total} inDoubt={view.inDoubt} isRequester={view.requestedBy?.id === user.id} actions={actions} />
          {view.inDoubt > 0 ? (
            <p className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
              {formatCount(view.inDoubt)} {view.inDoubt === 1 ? "message is" : "messages are"} in doubt: a sender stopped after handing{" "}
              {view.inDoubt === 1 ? "it" : "them"} to the relay and before recording the answer. They are never resent
              automatically: look their Message-IDs up in the relay&apos;s log, then resolve them.
            </p>
          ) : null}
        </div>
      </Card>

      <div className="grid gap-5 lg:grid-cols-3 lg:items-start">
        <Card title="What it is" className="lg:col-span-2">
          <dl className="grid grid-cols-[minmax(0,7rem)_minmax(0,1fr)] gap-x-3 sm:grid-cols-[10rem_minmax(0,1fr)] gap-y-2 text-sm">
            <Row label="Notice">
              Version {view.template.version}: “{view.template.subject}”
            </Row>
            <Row label="Audience">
              {view.audience ? <TriageFilterSummary query={view.audience} /> : "Every exposed account"}
              <span className="mt-1 block text-xs text-slate-500">
                Frozen when requested: {formatCount(view.total)} customers, one message each
                {view.audience ? (
                  <>
                    {" "}
                    (<span className="font-mono">{view.audience}</span>)
                  </>
                ) : null}
              </span>
            </Row>
            <Row label="Requested">
              {formatUtc(view.createdAt)} by {view.requestedBy ? `${view.requestedBy.name} (${view.requestedBy.email})` : "—"}
            </Row>
            <Row label="Approval">
              {!view.needsApproval
                ? "Not needed (at or below the four-eyes threshold)"
                : view.decidedBy
                  ? `${view.status === "rejected" ? "Rejected" : "Approved"} ${view.decidedAt ? formatUtc(view.decidedAt) : ""} by ${view.decidedBy.name} (${view.decidedBy.email})`
                  : `Needed from someone other than the requester${view.expiresAt ? `, by ${formatUtc(view.expiresAt)}` : ""}`}
            </Row>
            {view.decisionNote ? <Row label={view.status === "rejected" ? "Rejection reason" : "Approval note"}>{view.decisionNote}</Row> : null}
            {view.startedAt ? <Row label="Started">{formatUtc(view.startedAt)}</Row> : null}
            {view.finishedAt ? <Row label="Finished">{formatUtc(view.finishedAt)}</Row> : null}
          </dl>
        </Card>
        <Card title="Left out when requested">
          {skipped.length === 0 ? (
            <p className="text-sm text-slate-500">None.</p>
          ) : (
            <ul className="space-y-1.5 text-sm">
              {skipped.map(([reason, n]) => (
                <li key={reason} className="flex justify-between gap-3">
                  <span className="text-slate-700">{NOTICE_SKIP_LABELS[reason] ?? reason}</span>
                  <span className="font-semibold tabular-nums text-slate-900">{formatCount(n)}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>

      <Card title="Customers" description={`The first ${SHOWN} in sending order (highest risk first), with each one's delivery status.`}>
        <nav aria-label="Filter by status" className="mb-3 flex flex-wrap gap-2 text-xs">
          {filters.map((f) => (
            <Link
              key={f.label}
              href={f.status ? `${here}?status=${f.status}` : here}
              aria-current={filter === f.status ? "page" : undefined}
              className={`rounded-full px-2.5 py-1 ring-1 ring-inset ${filter === f.status ? "bg-brand-50 text-brand-700 ring-brand-200" : "text-slate-600 ring-slate-200 hover:bg-slate-50"}`}
            >
              {f.label} <span className="tabular-nums">{formatCount(f.count)}</span>
            </Link>
          ))}
        </nav>
        {messages.length === 0 ? (
          <p className="text-sm text-slate-500">No customers here.</p>
        ) : (
          <table className="w-full text-left text-sm" data-testid="notice-messages">
            <caption className="sr-only">Customers of this notice</caption>
            <thead className="text-xs text-slate-500">
              <tr>
                <th scope="col" className="pb-2 font-medium">#</th>
                <th scope="col" className="pb-2 font-medium">Account</th>
                <th scope="col" className="pb-2 font-medium">To (alone)</th>
                <th scope="col" className="pb-2 font-medium">Status</th>
                <th scope="col" className="pb-2 font-medium">Attempts</th>
                <th scope="col" className="pb-2 font-medium">{filter === "in_doubt" ? "Message-ID (look it up in the relay's log)" : "Relay's answer"}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {messages.map((m) => (
                <tr key={m.seq}>
                  <td className="py-2 pr-3 tabular-nums text-slate-500">{m.seq}</td>
                  <td className="py-2 pr-3">
                    <Link href={`${base}/accounts/${encodeURIComponent(m.externalId)}`} className="font-mono text-xs text-brand-700 hover:underline">
                      {m.externalId}
                    </Link>
                  </td>
                  <td className="py-2 pr-3 text-slate-800">{m.recipient}</td>
                  <td className="py-2 pr-3">
                    <MessageStatusBadge status={m.status} />
                  </td>
                  <td className="py-2 pr-3 tabular-nums">{m.attempts}</td>
                  {filter === "in_doubt" ? (
                    <td className="py-2 font-mono text-xs text-slate-800">{m.messageId}</td>
                  ) : (
                    <td className="max-w-md truncate py-2 font-mono text-xs text-slate-600" title={m.lastResponse ?? undefined}>
                      {m.lastResponse ?? "—"}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}

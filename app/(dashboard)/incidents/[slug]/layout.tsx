import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { ClosedBanner } from "@/components/closing/closed-banner";
import { IncidentStatusBadge } from "@/components/incidents/incident-status-badge";
import { IncidentTabs, type IncidentTab } from "@/components/incidents/incident-tabs";
import { Article33ClockBadge } from "@/components/timeline/article-33-clock";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { formatUtc } from "@/lib/format/dates";
import { formatDuration } from "@/lib/format/numbers";
import { article33Deadline } from "@/lib/timeline/clock";
import { requirePagePermission } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { getForgetProgress } from "@/server/forget/forget-progress";
import { loadIncidentOr404, loadMilestoneTimes } from "./load-incident";

/** Tabs are titled "Exposed accounts · <incident> · Breachdesk": the incident's name, not its slug. */
export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  const incident = await loadIncidentOr404((await params).slug);
  return { title: { template: `%s · ${incident.title} · Breachdesk`, default: `${incident.title} · Breachdesk` } };
}

// The incident's header and tab bar. Each page still checks its own permission.
export default async function IncidentLayout({
  children,
  params,
}: {
  children: ReactNode;
  params: Promise<{ slug: string }>;
}) {
  const user = await requirePagePermission("incidents.read");
  const { slug } = await params;
  const incident = await loadIncidentOr404(slug);
  const milestones = await loadMilestoneTimes(incident);
  const base = `/incidents/${encodeURIComponent(incident.slug)}`;
  const tabs: IncidentTab[] = [{ href: base, label: "Overview", exact: true }];
  tabs.push({ href: `${base}/remediation`, label: "Remediation" });
  if (can(user.role, "accounts.read")) tabs.push({ href: `${base}/accounts`, label: "Exposed accounts" });
  // Everyone who reads the incident sees its bulk actions; the buttons follow their permissions.
  tabs.push({ href: `${base}/bulk-actions`, label: "Bulk actions" });
  tabs.push({ href: `${base}/notices`, label: "Notices" });
  if (can(user.role, "recipients.import")) tabs.push({ href: `${base}/imports`, label: "Imports" });
  if (can(user.role, "timeline.read")) tabs.push({ href: `${base}/timeline`, label: "Timeline" });
  if (can(user.role, "reports.read")) tabs.push({ href: `${base}/report`, label: "Report" });
  return (
    <div className="space-y-6">
      <div className="space-y-5 print:hidden">
        <PageHeader
          eyebrow={
            <>
              <Link href="/incidents" className="hover:text-slate-700">
                Incidents
              </Link>
              <span className="mx-1.5 text-slate-300">/</span>
              <span className="break-all font-mono">{incident.slug}</span>
            </>
          }
          title={incident.title}
          actions={
            <>
              <Article33ClockBadge
                awareAt={incident.awareAt.toISOString()}
                deadline={article33Deadline(incident.awareAt).toISOString()}
                metAt={milestones.regulator_notified?.toISOString() ?? null}
                serverNow={new Date().toISOString()}
              />
              <IncidentStatusBadge status={incident.status} />
              {can(user.role, "incidents.close") && incident.status !== "closed" ? (
                <Link
                  href={`${base}/close`}
                  className="rounded-md bg-white px-3 py-1.5 text-sm font-semibold text-slate-700 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
                >
                  Close incident…
                </Link>
              ) : null}
            </>
          }
        >
          <dl className="flex flex-wrap gap-x-8 gap-y-1">
            <div className="flex flex-wrap gap-x-1.5">
              <dt className="text-slate-500">Leak started</dt>
              <dd className="font-medium text-slate-800">{formatUtc(incident.leakStartedAt)}</dd>
            </div>
            <div className="flex flex-wrap gap-x-1.5">
              <dt className="text-slate-500">Became aware (T0)</dt>
              <dd className="font-medium text-slate-800">
                {formatUtc(incident.awareAt)}{" "}
                <span className="font-normal text-slate-500">
                  ({formatDuration(incident.awareAt.getTime() - incident.leakStartedAt.getTime())} after the leak began)
                </span>
              </dd>
            </div>
          </dl>
        </PageHeader>
        <IncidentTabs tabs={tabs} />
        {incident.status === "closed" && incident.closedAt ? (
          <ClosedBanner
            closedAt={incident.closedAt}
            pseudonymiseAt={incident.pseudonymiseAt}
            eraseAt={incident.eraseAt}
            closeHref={can(user.role, "incidents.close") ? `${base}/close` : null}
            forgetting={await getForgetProgress(await getDb(), incident.id)}
          />
        ) : null}
      </div>
      {children}
    </div>
  );
}

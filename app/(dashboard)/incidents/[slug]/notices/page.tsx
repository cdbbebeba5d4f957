import type { Metadata } from "next";
import Link from "next/link";
import { NoticeProgressBar } from "@/components/notices/notice-progress";
import { NoticeStatusBadge } from "@/components/notices/notice-status-badge";
import { primaryButton, secondaryButton } from "@/components/timeline/form-field";
import { Card } from "@/components/ui/card";
import { formatUtc } from "@/lib/format/dates";
import { formatCount } from "@/lib/format/numbers";
import { requirePagePermission } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { listNoticeCampaigns } from "@/server/notify/get-notice-campaign";
import { notifyConfig } from "@/server/notify/notify-config";
import { loadIncidentOr404 } from "../load-incident";
import { can } from "@/lib/auth/permissions";
import { mayChange } from "@/lib/closing/may-change";

type Props = { params: Promise<{ slug: string }> };

export const metadata: Metadata = { title: "Customer notices" };

export default async function NoticesPage({ params }: Props) {
  const user = await requirePagePermission("incidents.read");
  const { slug } = await params;
  const incident = await loadIncidentOr404(slug);
  const campaigns = await listNoticeCampaigns(await getDb(), incident.id);
  const base = `/incidents/${encodeURIComponent(incident.slug)}/notices`;
  const config = notifyConfig();
  return (
    <div className="space-y-6">
      <Card
        title="Customer notices (GDPR Article 34)"
        description={
          config.smtp
            ? `Sent through ${config.smtp.host}:${config.smtp.port} from ${config.from}, one message per customer.`
            : "No relay is configured: messages go to the local outbox, readable here, and never leave this machine."
        }
        actions={
          <div className="flex gap-2">
            {can(user.role, "notices.read_outbox") ? (
              <Link href={`${base}/outbox`} className={secondaryButton}>
                Outbox
              </Link>
            ) : null}
            {mayChange(user.role, "notices.compose", incident) ? (
              <Link href={`${base}/compose`} className={primaryButton}>
                Compose a notice
              </Link>
            ) : null}
          </div>
        }
      >
        {campaigns.length === 0 ? (
          <p className="text-sm text-slate-500">No notice has been requested for this incident yet.</p>
        ) : (
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Notice campaigns</caption>
            <thead className="text-xs text-slate-500">
              <tr>
                <th scope="col" className="pb-2 font-medium">Requested</th>
                <th scope="col" className="pb-2 font-medium">Status</th>
                <th scope="col" className="pb-2 font-medium">Customers</th>
                <th scope="col" className="w-64 pb-2 font-medium">Progress</th>
                <th scope="col" className="pb-2 font-medium">Audience</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {campaigns.map((c) => (
                <tr key={c.id}>
                  <td className="py-2.5 pr-4">
                    <Link href={`${base}/${c.id}`} className="font-medium text-brand-700 hover:underline">
                      {formatUtc(c.createdAt)}
                    </Link>
                    <span className="block text-xs text-slate-500">
                      v{c.templateVersion} · {c.requestedByName ?? "—"}
                    </span>
                  </td>
                  <td className="py-2.5 pr-4">
                    <NoticeStatusBadge status={c.status} />
                  </td>
                  <td className="py-2.5 pr-4 tabular-nums">{formatCount(c.total)}</td>
                  <td className="py-2.5 pr-4">
                    <NoticeProgressBar compact view={{ ...c, deferred: 0 }} />
                  </td>
                  <td className="py-2.5 font-mono text-xs text-slate-600">{c.audience || "every exposed account"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  );
}

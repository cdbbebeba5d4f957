import type { Metadata } from "next";
import { NoticeComposer } from "@/components/notices/notice-composer";
import { formatUtcTime } from "@/lib/format/dates";
import { DEFAULT_NOTICE_TEMPLATE } from "@/lib/notify/render-notice";
import { listTriageFilterOptions } from "@/server/accounts/list-triage-filter-options";
import { requirePagePermission } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { getLatestNoticeTemplate } from "@/server/notify/get-notice-template";
import { listStaffUsers } from "@/server/staff/list-staff-users";
import { loadIncidentOr404 } from "../../load-incident";
import {
  previewNoticeAction,
  previewNoticeAudienceAction,
  requestNoticeCampaignAction,
  saveNoticeTemplateAction,
  sendTestNoticeAction,
} from "../actions";

type Props = {
  params: Promise<{ slug: string }>;
  // ?audience=<the Exposed accounts query>: "Notify these customers" from the table's current view.
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export const metadata: Metadata = { title: "Compose a customer notice" };

export default async function ComposeNoticePage({ params, searchParams }: Props) {
  const user = await requirePagePermission("notices.compose");
  const { slug } = await params;
  const incident = await loadIncidentOr404(slug);
  const db = await getDb();
  const [latest, staff, options] = await Promise.all([
    getLatestNoticeTemplate(db, incident.id),
    listStaffUsers(db),
    listTriageFilterOptions(db, incident),
  ]);
  const audience = (await searchParams).audience;
  const text = latest ? { subject: latest.subject, textBody: latest.textBody, htmlBody: latest.htmlBody } : DEFAULT_NOTICE_TEMPLATE;
  return (
    <NoticeComposer
      initial={text}
      saved={latest ? { id: latest.id, version: latest.version, text } : null}
      staff={staff.filter((s) => s.active).map((s) => ({ id: s.id, label: `${s.name} (${s.email})` }))}
      currentStaffId={user.id}
      campaignsHref={`/incidents/${encodeURIComponent(incident.slug)}/notices`}
      initialAudience={typeof audience === "string" ? audience.slice(0, 4000) : ""}
      audienceOptions={{
        countries: options.countries,
        groups: options.groups.map((group) => ({
          id: group.id,
          label: group.sentAt ? `${group.batchKey} · ${formatUtcTime(group.sentAt)} UTC` : group.batchKey,
        })),
      }}
      accountsHref={`/incidents/${encodeURIComponent(incident.slug)}/accounts`}
      actions={{
        save: saveNoticeTemplateAction.bind(null, incident.slug),
        preview: previewNoticeAction.bind(null, incident.slug),
        testSend: sendTestNoticeAction.bind(null, incident.slug),
        previewAudience: previewNoticeAudienceAction.bind(null, incident.slug),
        request: requestNoticeCampaignAction.bind(null, incident.slug),
      }}
    />
  );
}

import { DEFAULT_NOTICE_TEMPLATE } from "../../lib/notify/render-notice";
import type { Db } from "../db";
import { rejectNoticeCampaign } from "../notify/control-notice-campaign";
import { requestNoticeCampaign } from "../notify/request-notice-campaign";
import { saveNoticeTemplate } from "../notify/save-notice-template";

/** The demo's rejected first notice: a fixed id, so tests can name it. */
const DEMO_REJECTED_NOTICE_ID = "00000000-0000-4000-8000-0000000000c1";

/**
 * The demo's customer notice so far: a first draft (version 1) requested for
 * every exposed account and rejected by the admin, so nothing was sent and
 * every customer is still to be told. Skipped when the incident has notices.
 */
export async function seedDemoNotices(
  db: Db,
  incident: { id: string; awareAt: Date },
  log: (message: string) => void = () => undefined,
): Promise<boolean> {
  if ((await db.prisma.noticeTemplate.count({ where: { incidentId: incident.id } })) > 0) return false;
  const analyst = await db.prisma.staffUser.findUniqueOrThrow({ where: { email: "analyst@breachdesk.test" }, select: { id: true, email: true } });
  const admin = await db.prisma.staffUser.findUniqueOrThrow({ where: { email: "admin@breachdesk.test" }, select: { id: true, email: true } });
  const draft = await saveNoticeTemplate(
    db,
    incident.id,
    { ...DEFAULT_NOTICE_TEMPLATE, subject: "Security notice about your account" },
    analyst,
  );
  // On the demo's clock (relative to T0, like the remediation history): the second day.
  const at = (hours: number) => new Date(incident.awareAt.getTime() + hours * 3_600_000);
  const requested = await requestNoticeCampaign(db, incident, { templateId: draft.id, audience: "" }, analyst, {
    id: DEMO_REJECTED_NOTICE_ID,
    at: at(27),
  });
  if (requested.status === "pending_approval") {
    await rejectNoticeCampaign(db, requested.id, admin, "Say plainly in the subject that their address was shown to other customers.", {
      at: at(28),
    });
  }
  log(`Notices: version 1 drafted, its campaign (${requested.total} customers) rejected; nothing sent.`);
  return true;
}

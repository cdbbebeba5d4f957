"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { ActionResult } from "@/lib/action-result";
import { can, type Permission } from "@/lib/auth/permissions";
import { formatCount } from "@/lib/format/numbers";
import type { NoticePollResult } from "@/components/notices/notice-progress";
import { actionError } from "@/server/action-errors";
import { requireRecentSecondFactor } from "@/server/auth/step-up";
import { authorize } from "@/server/auth/session";
import { getDb } from "@/server/db";
import { AppError } from "@/server/errors";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import {
  approveNoticeCampaign,
  cancelNoticeCampaign,
  rejectNoticeCampaign,
  resolveInDoubtMessages,
} from "@/server/notify/control-notice-campaign";
import { getNoticeCampaignView } from "@/server/notify/get-notice-campaign";
import { previewNotice, type NoticePreview } from "@/server/notify/preview-notice";
import { previewNoticeAudience, type NoticeAudiencePreview } from "@/server/notify/preview-notice-audience";
import { requestNoticeCampaign } from "@/server/notify/request-notice-campaign";
import { NoticeTemplateInput, saveNoticeTemplate } from "@/server/notify/save-notice-template";
import { sendTestNotice } from "@/server/notify/send-test-notice";
import { noticeLiveView } from "./live-view";

// The customer notice's verbs. Each checks its permission first, then scopes
// everything to the incident of the URL; the rules (four eyes, escaping, one
// recipient per message) live in server/notify.

const Slug = z.string().min(1).max(64);
const CampaignId = z.uuid();

async function inIncident(permission: Permission, slug: unknown) {
  const user = await authorize(permission);
  const parsed = Slug.safeParse(slug);
  if (!parsed.success) throw new AppError("NOT_FOUND", "No such incident.");
  const db = await getDb();
  const incident = await getIncidentBySlugOrThrow(db, parsed.data);
  return { user, db, incident, actor: { id: user.id, email: user.email } };
}

function revalidateNotices(slug: string, campaignId?: string) {
  const base = `/incidents/${encodeURIComponent(slug)}`;
  revalidatePath(`${base}/notices`);
  if (campaignId) revalidatePath(`${base}/notices/${campaignId}`);
}

const Draft = z.object({ subject: z.string().max(300), textBody: z.string().max(50_000), htmlBody: z.string().max(100_000) });
const AccountRef = z.string().trim().max(100).optional();

export async function saveNoticeTemplateAction(slug: unknown, draft: unknown): Promise<ActionResult & { version?: number; templateId?: string }> {
  try {
    const { db, incident, actor } = await inIncident("notices.compose", slug);
    const saved = await saveNoticeTemplate(db, incident.id, NoticeTemplateInput.parse(draft), actor);
    revalidateNotices(incident.slug);
    return { ok: true, message: `Saved as version ${saved.version}.`, version: saved.version, templateId: saved.id };
  } catch (error) {
    return actionError(error);
  }
}

export async function previewNoticeAction(slug: unknown, draft: unknown, accountId: unknown): Promise<NoticePreview | { ok: false; message: string }> {
  try {
    const { db, incident, user } = await inIncident("notices.compose", slug);
    return await previewNotice(db, incident, Draft.parse(draft), AccountRef.parse(accountId ?? undefined) || undefined, {
      unmasked: can(user.role, "accounts.read_unmasked"),
    });
  } catch (error) {
    return { ok: false, message: actionError(error).message };
  }
}

export async function sendTestNoticeAction(slug: unknown, draft: unknown, accountId: unknown, staffIds: unknown): Promise<ActionResult> {
  try {
    const { db, incident, actor } = await inIncident("notices.compose", slug);
    const results = await sendTestNotice(
      db,
      incident,
      Draft.parse(draft),
      AccountRef.parse(accountId ?? undefined) || undefined,
      z.array(z.uuid()).max(10).parse(staffIds),
      actor,
    );
    const failed = results.filter((r) => r.status !== "sent");
    if (failed.length > 0) {
      return { ok: false, message: `Not sent to ${failed.map((r) => `${r.to} (${r.response})`).join(", ")}.` };
    }
    return { ok: true, message: `Test sent to ${results.map((r) => r.to).join(", ")}.` };
  } catch (error) {
    return actionError(error);
  }
}

export async function previewNoticeAudienceAction(
  slug: unknown,
  audience: unknown,
): Promise<{ ok: true; preview: NoticeAudiencePreview } | { ok: false; message: string }> {
  try {
    const { db, incident, actor } = await inIncident("notices.compose", slug);
    return { ok: true, preview: await previewNoticeAudience(db, incident, z.string().max(4000).parse(audience ?? ""), actor) };
  } catch (error) {
    return { ok: false, message: actionError(error).message };
  }
}

export async function requestNoticeCampaignAction(slug: unknown, input: unknown): Promise<ActionResult & { campaignId?: string }> {
  try {
    const { db, incident, actor } = await inIncident("notices.compose", slug);
    const requested = await requestNoticeCampaign(
      db,
      incident,
      z.object({ templateId: z.uuid(), audience: z.string().max(4000), expectedCount: z.number().int().min(0), requestKey: z.string().min(8).max(200) }).parse(input),
      actor,
    );
    revalidateNotices(incident.slug, requested.id);
    return {
      ok: true,
      campaignId: requested.id,
      message:
        requested.status === "pending_approval"
          ? `Requested for ${formatCount(requested.total)} customers: a second person must approve it.`
          : `Sending to ${formatCount(requested.total)} customers.`,
    };
  } catch (error) {
    return actionError(error);
  }
}

async function control(permission: Permission, slug: unknown, id: unknown, run: (ctx: { db: Awaited<ReturnType<typeof getDb>>; incidentId: string; id: string; actor: { id: string; email: string } }) => Promise<string>): Promise<ActionResult> {
  try {
    const { db, incident, actor } = await inIncident(permission, slug);
    const parsed = CampaignId.safeParse(id);
    if (!parsed.success) throw new AppError("NOT_FOUND", "No such notice campaign.");
    const message = await run({ db, incidentId: incident.id, id: parsed.data, actor });
    revalidateNotices(incident.slug, parsed.data);
    return { ok: true, message };
  } catch (error) {
    return actionError(error);
  }
}

export async function approveNoticeCampaignAction(
  slug: unknown,
  id: unknown,
  note: unknown,
  secondFactorCode?: unknown,
): Promise<ActionResult> {
  return control("notices.approve", slug, id, async ({ db, incidentId, id, actor }) => {
    const text = z.string().max(1000).optional().parse(note ?? undefined);
    // Step-up: a recent second factor (a code typed into the prompt, or a fresh SSO sign-in).
    const code = z.string().max(64).optional().parse(secondFactorCode ?? undefined);
    await approveNoticeCampaign(db, id, actor, {
      incidentId,
      note: text?.trim() ? text : undefined,
      stepUp: () => requireRecentSecondFactor({ code }),
    });
    return "Approved: sending now.";
  });
}

export async function rejectNoticeCampaignAction(slug: unknown, id: unknown, reason: unknown): Promise<ActionResult> {
  return control("notices.approve", slug, id, async ({ db, incidentId, id, actor }) => {
    await rejectNoticeCampaign(db, id, actor, typeof reason === "string" ? reason : "", { incidentId });
    return "Rejected: nothing will be sent.";
  });
}

export async function cancelNoticeCampaignAction(slug: unknown, id: unknown): Promise<ActionResult> {
  return control("notices.compose", slug, id, async ({ db, incidentId, id, actor }) => {
    const result = await cancelNoticeCampaign(db, id, actor, { incidentId });
    return `Cancelled: ${formatCount(result.cancelledMessages)} messages will not be sent.`;
  });
}

/** A person's answer for the in-doubt messages, after checking the relay's log: "sent" or "resend". */
export async function resolveInDoubtAction(slug: unknown, id: unknown, resolution: unknown): Promise<ActionResult> {
  return control("notices.compose", slug, id, async ({ db, incidentId, id, actor }) => {
    const how = z.enum(["sent", "resend"]).parse(resolution);
    const result = await resolveInDoubtMessages(db, id, actor, how, { incidentId });
    return how === "sent"
      ? `${formatCount(result.resolved)} recorded as sent.`
      : `${formatCount(result.resolved)} queued to be sent again.`;
  });
}

/** The live progress of one campaign (polled by its progress bar). */
export async function getNoticeProgressAction(slug: unknown, id: unknown): Promise<NoticePollResult> {
  try {
    const { db, incident } = await inIncident("incidents.read", slug);
    const parsed = CampaignId.safeParse(id);
    const view = parsed.success ? await getNoticeCampaignView(db, incident.id, parsed.data) : null;
    if (!view) throw new AppError("NOT_FOUND", "No such notice campaign.");
    return { ok: true, view: noticeLiveView(view) };
  } catch (error) {
    return { ok: false, message: actionError(error).message };
  }
}
